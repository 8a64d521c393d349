package dev.warden.rollback.engine;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The exact row counts of the snapshot a backup belongs to, for a backup that carries none itself (a
 * dump): the snapshot counted its critical tables right before the backup was taken. They tell a
 * plan how many rows a restore brings back or sets aside; they are not the backup's own counts, so a
 * restore is never verified against them.
 *
 * @param snapshotId the snapshot's id
 * @param takenAt    when the snapshot counted
 * @param rows       exact counts per {@code schema.table}, only of the tables it could count
 */
public record SnapshotCounts(long snapshotId, Instant takenAt, Map<String, Long> rows) {

    public SnapshotCounts {
        Objects.requireNonNull(takenAt, "takenAt");
        rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }
}
