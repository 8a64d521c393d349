package dev.warden.checks;

import dev.warden.checks.schema.SchemaFingerprint;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The schema the target should have, and when it was taken. The daemon advances it when a migration
 * completes; a migration applied after {@code takenAt} explains a difference. Known by its total hash
 * first: its objects' definitions (40,000 of them at 10,000 tables) are decoded only when a comparison
 * needs them, so that an unchanged catalog is answered by the hashes alone (issue 14). Two expected
 * schemas are the same when their hashes and times are.
 */
public final class ExpectedSchema {
    private final String hash;
    private final Instant takenAt;
    private final Supplier<Future<SchemaFingerprint>> definitions;

    /** An expected schema whose objects are at hand. */
    public ExpectedSchema(SchemaFingerprint fingerprint, Instant takenAt) {
        this(Objects.requireNonNull(fingerprint, "fingerprint").hash(), takenAt,
                () -> Future.succeededFuture(fingerprint));
    }

    private ExpectedSchema(String hash, Instant takenAt, Supplier<Future<SchemaFingerprint>> definitions) {
        this.hash = Objects.requireNonNull(hash, "hash");
        this.takenAt = Objects.requireNonNull(takenAt, "takenAt");
        this.definitions = definitions;
    }

    /**
     * An expected schema known by its total hash, whose objects {@code definitions} reads when first
     * asked (the reader keeps what it read); a fingerprint it gives with another hash is refused.
     */
    public static ExpectedSchema byHash(String hash, Instant takenAt, Supplier<Future<SchemaFingerprint>> definitions) {
        return new ExpectedSchema(hash, takenAt, Objects.requireNonNull(definitions, "definitions"));
    }

    /** The total hash over every object and skipped key, as {@link SchemaFingerprint#hash()} gives it. */
    public String hash() {
        return hash;
    }

    public Instant takenAt() {
        return takenAt;
    }

    /** Every object's definition; read (and its hash verified) on demand when known by hash. */
    public Future<SchemaFingerprint> fingerprint() {
        return definitions.get().compose(fingerprint -> fingerprint.hash().equals(hash) ? Future.succeededFuture(fingerprint)
                : Future.failedFuture(new IllegalStateException("the expected schema read has hash " + fingerprint.hash()
                        + ", not the snapshot's " + hash)));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExpectedSchema that && hash.equals(that.hash) && takenAt.equals(that.takenAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hash, takenAt);
    }

    @Override
    public String toString() {
        return "ExpectedSchema[hash=" + hash + ", takenAt=" + takenAt + "]";
    }
}
