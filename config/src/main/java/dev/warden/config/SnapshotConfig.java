package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * When a target is snapshotted, what a snapshot keeps, and for how long. Scheduled snapshots are
 * metadata only unless a backup kind is set: a clone interrupts the target's clients for the
 * seconds it takes.
 */
public record SnapshotConfig(String schedule, BackupKind backup, List<String> backupCommand, List<String> verifyCommand,
                             Duration archiveTimeout, List<String> restoreCommand, Path dumpDir, int keepLast, Duration maxAge, Duration exactCountTimeout,
                             List<String> includeSchemas, List<String> excludeSchemas, int topTables) {

    static final Key<String> SCHEDULE = Key.of("schedule", Types.cron(), "0 0 * * * ?",
            "Quartz cron expression (seconds first) for scheduled snapshots; \"off\" disables them.");
    static final Key<BackupKind> BACKUP = Key.of("backup", Types.enumOf(BackupKind.class), BackupKind.NONE,
            "Restorable backup taken with each snapshot: none, clone, dump, command or restore_point (a named restore"
                    + " point in a cluster with continuous archiving, confirmed archived).");
    static final Key<List<String>> BACKUP_COMMAND = Key.of("backup_command", Types.stringList(), List.of(),
            "With backup: command, the argv to run; it gets PG* and WARDEN_BACKUP_NAME in its environment.");
    static final Key<List<String>> VERIFY_COMMAND = Key.of("verify_command", Types.stringList(), List.of(),
            "With backup: command, an optional argv that exits 0 when the backup is restorable.");
    static final Key<Duration> ARCHIVE_TIMEOUT = Key.of("archive_timeout", Types.timeout(Duration.ofSeconds(1)),
            Duration.ofSeconds(60), "With backup: restore_point, how long to wait for pg_stat_archiver to confirm"
                    + " that the WAL segment holding the restore point was archived; unconfirmed, the backup fails.");
    static final Key<List<String>> RESTORE_COMMAND = Key.of("restore_command", Types.stringList(), List.of(),
            "With backup: restore_point or command, the argv that restores the whole cluster to a backup (for"
                    + " pgBackRest: stop, restore --type=name --target=$WARDEN_RESTORE_POINT, start); it gets PG*,"
                    + " WARDEN_TARGET, WARDEN_RESTORE_POINT, WARDEN_RESTORE_LSN, WARDEN_BACKUP_KIND and"
                    + " WARDEN_BACKUP_LOCATION. branch_swap runs it instead of restoring beside the target and"
                    + " renaming; every database of the server goes back, so state.url must be on another server.");
    static final Key<Path> DUMP_DIR = Key.derived("dump_dir", Types.path(), "server.data_dir/dumps",
            "Where backup: dump writes its files.");
    static final Key<Integer> KEEP_LAST = Key.of("keep_last", Types.integer(1, 10_000), 24,
            "Snapshots kept per target; the newest clean snapshot (the checks' baseline) and the newest clean"
                    + " verified backup (the restore point) are always kept.");
    static final Key<Duration> MAX_AGE = Key.of("max_age", Types.duration(Duration.ofMinutes(1)), Duration.ofDays(7),
            "Snapshots older than this are removed, except the newest clean snapshot and the newest clean"
                    + " verified backup.");
    static final Key<Duration> EXACT_COUNT_TIMEOUT = Key.of("exact_count_timeout", Types.timeout(Duration.ofMillis(10)),
            Duration.ofSeconds(2), "Time limit of each critical table's exact count(*).");
    static final Key<List<String>> INCLUDE_SCHEMAS = Key.of("include_schemas", Types.stringList(), List.of(),
            "Schemas in the schema fingerprint; empty means all but the system ones.");
    static final Key<List<String>> EXCLUDE_SCHEMAS = Key.of("exclude_schemas", Types.stringList(), List.of(),
            "Schemas left out of the schema fingerprint (Warden's own are always left out).");
    static final Key<Integer> TOP_TABLES = Key.of("top_tables", Types.integer(0, 50), 20,
            "Largest tables exported as warden_table_rows besides the critical ones.");

    static final Section SECTION = Section.of("snapshots", "Snapshots of this target.",
            List.of(SCHEDULE, BACKUP, BACKUP_COMMAND, VERIFY_COMMAND, ARCHIVE_TIMEOUT, RESTORE_COMMAND, DUMP_DIR, KEEP_LAST, MAX_AGE,
                    EXACT_COUNT_TIMEOUT, INCLUDE_SCHEMAS, EXCLUDE_SCHEMAS, TOP_TABLES), List.of());

    /** True when scheduled snapshots are switched off. */
    public boolean unscheduled() {
        return "off".equals(schedule);
    }

    static SnapshotConfig read(Node node, Path dataDir) {
        Path dumpDir = node.get(DUMP_DIR);
        SnapshotConfig config = new SnapshotConfig(node.get(SCHEDULE), node.get(BACKUP), node.get(BACKUP_COMMAND),
                node.get(VERIFY_COMMAND), node.get(ARCHIVE_TIMEOUT), node.get(RESTORE_COMMAND), dumpDir != null ? dumpDir : dataDir.resolve("dumps"), node.get(KEEP_LAST),
                node.get(MAX_AGE), node.get(EXACT_COUNT_TIMEOUT), node.get(INCLUDE_SCHEMAS), node.get(EXCLUDE_SCHEMAS),
                node.get(TOP_TABLES));
        if (config.backup() == BackupKind.COMMAND && config.backupCommand().isEmpty()) {
            node.problem(BACKUP_COMMAND.name(), "required when backup is command, expected a list such as"
                    + " [pgbackrest, --stanza=main, backup]");
        }
        if (!config.restoreCommand().isEmpty() && !config.backup().restoredByCommand()) {
            node.problem(RESTORE_COMMAND.name(), "restores restore_point and command backups, expected backup:"
                    + " restore_point or command, found backup: " + config.backup().name().toLowerCase());
        }
        return config;
    }

    /** Whether rollbacks restore this target's backups through {@code restore_command}, the whole cluster at once. */
    public boolean restoresCluster() {
        return backup.restoredByCommand() && !restoreCommand.isEmpty();
    }
}
