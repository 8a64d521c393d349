package dev.warden.rollback.backup;

import java.util.Locale;

/**
 * What putting a target's backup back costs, by how the restore copies data: the same words in the
 * API, the plan, the metric and the log ({@link #label()}).
 */
public enum RestoreKind {
    /** A clone's files cloned by reflink (PostgreSQL 18, file_copy_method = clone): about constant in size. */
    REFLINK_CLONE,
    /** A clone's files copied block by block: time grows with the database. */
    BLOCK_COPY,
    /** pg_restore of a dump: rows loaded and indexes rebuilt, the slowest. */
    DUMP_RESTORE,
    /** The target's restore command restores the whole cluster (pgBackRest to a named restore point, a cloud snapshot). */
    COMMAND_RESTORE,
    /** No restorable backup. */
    NONE;

    /**
     * The restore a backup of {@code backupKind} ({@code clone}, {@code dump}, {@code command},
     * {@code restore_point}; null for none) gets here.
     */
    public static RestoreKind of(String backupKind, DatabaseCopy copy) {
        if (backupKind == null) {
            return NONE;
        }
        return switch (backupKind) {
            case "clone" -> copy != null && copy.clones() ? REFLINK_CLONE : BLOCK_COPY;
            case "dump" -> DUMP_RESTORE;
            case "command", RestorePointBackup.KIND -> COMMAND_RESTORE;
            default -> NONE;
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One sentence on why the restore is of this kind and what it costs; {@code copy} may be null when unknown. */
    public String explain(DatabaseCopy copy) {
        String server = copy == null ? "the server (not reached yet)" : copy.describe();
        return switch (this) {
            case REFLINK_CLONE -> server + ": CREATE DATABASE ... STRATEGY FILE_COPY clones the files, by reflink"
                    + " on a file system that has them (XFS, Btrfs), in about the same time at any size; on one that"
                    + " does not, the kernel copies them";
            case BLOCK_COPY -> server + ": CREATE DATABASE copies every block of the database, in a time that grows"
                    + " with its size" + (copy != null && copy.serverVersionNum() >= 180000
                            ? "; file_copy_method = clone on XFS or Btrfs would clone instead"
                            : "; PostgreSQL 18 with file_copy_method = clone on XFS or Btrfs clones instead");
            case DUMP_RESTORE -> "pg_restore of a dump loads every row and rebuilds every index: the slowest kind";
            case COMMAND_RESTORE -> "snapshots.restore_command restores the whole cluster (pgBackRest to a named restore"
                    + " point, a cloud snapshot): its time is the tool's";
            case NONE -> "no restorable backup (snapshots.backup is none, or none was verified yet)";
        };
    }
}
