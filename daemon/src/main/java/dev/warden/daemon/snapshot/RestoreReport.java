package dev.warden.daemon.snapshot;

import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.CloneBackup;
import dev.warden.rollback.backup.DatabaseCopy;
import dev.warden.rollback.backup.RestoreKind;
import io.vertx.core.json.JsonObject;

/**
 * Which kind of restore a target gets, and how long its last clone kept the target's sessions out
 * (issue 13): the kind follows the restore point's backup (before there is one, the kind the
 * configuration takes) and how the server copies databases, as the heartbeat last read it.
 */
final class RestoreReport {
    private RestoreReport() {
    }

    /**
     * @param backupKind {@code clone}, {@code dump}, {@code command}, or null when the target has no backup
     * @param copy       how the server copies databases; null until the target first answered
     * @param lastClone  the target's newest clone backup, or null
     */
    static JsonObject describe(String backupKind, DatabaseCopy copy, Backup lastClone) {
        RestoreKind kind = RestoreKind.of(backupKind, copy);
        return new JsonObject()
                .put("kind", kind.label())
                .put("why", kind.explain(copy))
                .put("backup_kind", backupKind == null ? "none" : backupKind)
                .put("server_version", copy == null ? null : copy.serverVersion())
                .put("file_copy_method", copy == null ? null : copy.fileCopyMethod())
                .put("last_clone", lastClone == null ? null : lastClone(lastClone));
    }

    /** The newest clone's door: how long connections to the source were refused, and the kind that clone was. */
    private static JsonObject lastClone(Backup clone) {
        String doorShut = clone.details().get(CloneBackup.DOOR_SHUT_MS);
        return new JsonObject()
                .put("backup", clone.location())
                .put("taken_at", clone.createdAt().toString())
                .put("restore_kind", clone.details().get(CloneBackup.RESTORE_KIND))
                .put("door_shut_ms", doorShut == null ? null : Long.parseLong(doorShut))
                .put("clone_ms", clone.details().containsKey("clone_ms") ? Long.parseLong(clone.details().get("clone_ms")) : null);
    }

    /** Seconds the clone kept its source's door shut; null for a clone taken before Warden measured it. */
    static Double doorShutSeconds(Backup clone) {
        String doorShut = clone.details().get(CloneBackup.DOOR_SHUT_MS);
        return doorShut == null ? null : Long.parseLong(doorShut) / 1000.0;
    }
}
