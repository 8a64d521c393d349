package dev.warden.config;

/**
 * What a snapshot keeps besides metadata: nothing, a clone database, a pg_dump file, a user command's
 * result, or a PostgreSQL named restore point in a continuously archived cluster.
 */
public enum BackupKind {
    NONE,
    CLONE,
    DUMP,
    COMMAND,
    RESTORE_POINT;

    /** Whether a backup of this kind is restored to the whole cluster by {@code snapshots.restore_command}. */
    public boolean restoredByCommand() {
        return this == COMMAND || this == RESTORE_POINT;
    }
}
