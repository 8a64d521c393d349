package dev.warden.checks;

import dev.warden.checks.schema.SchemaFingerprint;
import java.time.Instant;
import java.util.Objects;

/**
 * The schema the target should have, and when it was taken. The daemon advances it when a migration
 * completes; a migration applied after {@code takenAt} explains a difference.
 */
public record ExpectedSchema(SchemaFingerprint fingerprint, Instant takenAt) {
    public ExpectedSchema {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(takenAt, "takenAt");
    }
}
