package dev.warden.daemon.snapshot;

import dev.warden.checks.ExpectedSchema;
import dev.warden.checks.rows.RowCounts;
import java.time.Instant;

/**
 * The parts of a snapshot that checks and verifications compare against (usually the newest one). Its
 * schema is known by its hash; read from the state store, the objects' definitions are read only when
 * a comparison needs them ({@link SchemaOnDemand}).
 */
public record LatestSnapshot(long id, Instant takenAt, RowCounts rows, ExpectedSchema schema) {

    static LatestSnapshot of(Snapshot snapshot) {
        return new LatestSnapshot(snapshot.id(), snapshot.takenAt(), snapshot.rows(),
                new ExpectedSchema(snapshot.schema(), snapshot.takenAt()));
    }
}
