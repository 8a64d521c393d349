package dev.warden.daemon.snapshot;

import dev.warden.checks.rows.RowCounts;
import dev.warden.checks.schema.SchemaFingerprint;
import java.time.Instant;

/** The parts of a snapshot that checks and verifications compare against (usually the newest one). */
public record LatestSnapshot(long id, Instant takenAt, RowCounts rows, SchemaFingerprint schema) {

    static LatestSnapshot of(Snapshot snapshot) {
        return new LatestSnapshot(snapshot.id(), snapshot.takenAt(), snapshot.rows(), snapshot.schema());
    }
}
