package dev.warden.config;

/** What a snapshot keeps besides metadata: nothing, a clone database, a pg_dump file, or a user command's result. */
public enum BackupKind {
    NONE,
    CLONE,
    DUMP,
    COMMAND
}
