package dev.warden.daemon.snapshot;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A snapshot without its contents: what lists, retention and restore-point reports need.
 * {@code taintedBecause} is null for a clean snapshot (see {@link Snapshot}); {@code backupLsn} and
 * {@code backupArchivedAt} are a restore point's LSN and when its WAL was confirmed archived, else null;
 * {@code label} the asker's own words beside the reason, or null.
 */
public record SnapshotSummary(long id, String target, String reason, Instant takenAt, long durationMs,
                              String serverVersion, String schemaHash, String backupKind, String backupLocation,
                              Long backupSizeBytes, boolean backupVerified,
                              String taintedBecause, String backupLsn, String backupArchivedAt, String label) {

    /** A summary without a label, whose backup is no restore point (no LSN, no archive confirmation). */
    public SnapshotSummary(long id, String target, String reason, Instant takenAt, long durationMs, String serverVersion,
                           String schemaHash, String backupKind, String backupLocation, Long backupSizeBytes,
                           boolean backupVerified, String taintedBecause) {
        this(id, target, reason, takenAt, durationMs, serverVersion, schemaHash, backupKind, backupLocation,
                backupSizeBytes, backupVerified, taintedBecause, null, null, null);
    }

    public boolean hasBackup() {
        return backupKind != null;
    }

    /** Taken with no check breaching, no incident open and no migration failed: it may be a baseline. */
    public boolean clean() {
        return taintedBecause == null;
    }

    /** A restore point: a clean snapshot with a verified backup. */
    public boolean restorable() {
        return clean() && backupVerified;
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("id", id)
                .put("target", target)
                .put("reason", reason)
                .put("label", label)
                .put("taken_at", takenAt.toString())
                .put("duration_ms", durationMs)
                .put("server_version", serverVersion)
                .put("schema_hash", schemaHash)
                .put("clean", clean())
                .put("tainted_because", taintedBecause);
        if (hasBackup()) {
            JsonObject backup = new JsonObject().put("kind", backupKind).put("location", backupLocation)
                    .put("size_bytes", backupSizeBytes).put("verified", backupVerified);
            if (backupLsn != null) {
                backup.put("name", backupLocation).put("lsn", backupLsn).put("archived_at", backupArchivedAt);
            }
            json.put("backup", backup);
        }
        return json;
    }
}
