package dev.warden.daemon.snapshot;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A snapshot without its contents: what lists, retention and restore-point reports need.
 * {@code taintedBecause} is null for a clean snapshot (see {@link Snapshot}).
 */
public record SnapshotSummary(long id, String target, String reason, Instant takenAt, long durationMs,
                              String serverVersion, String schemaHash, String backupKind, String backupLocation,
                              Long backupSizeBytes, boolean backupVerified,
                              String taintedBecause) {

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
                .put("taken_at", takenAt.toString())
                .put("duration_ms", durationMs)
                .put("server_version", serverVersion)
                .put("schema_hash", schemaHash)
                .put("clean", clean())
                .put("tainted_because", taintedBecause);
        if (hasBackup()) {
            json.put("backup", new JsonObject().put("kind", backupKind).put("location", backupLocation)
                    .put("size_bytes", backupSizeBytes).put("verified", backupVerified));
        }
        return json;
    }
}
