package dev.warden.rollback.down;

import dev.warden.rollback.backup.BackupMethod;
import dev.warden.rollback.external.CommandSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
/**
 * How down_migration undoes a target's newest migrations. YAML keys
 * ({@code targets[].rollback.down_migration.*}):
 * <ul>
 *   <li>{@code tool}: flyway | golang-migrate | directory | command ({@link DownMigrationTool})</li>
 *   <li>{@code directory}: where the down scripts are (all tools but command)</li>
 *   <li>{@code steps}: how many of the newest applied migrations to undo (default 1), or</li>
 *   <li>{@code target_version}: undo every migration applied after this version (exclusive with steps)</li>
 *   <li>{@code history_table}: {@code schema.table} of the tool's history (flyway: default
 *       {@code public.flyway_schema_history}; golang-migrate: {@code public.schema_migrations})</li>
 *   <li>{@code history_tool}: for directory and command, whose history names the migrations
 *       (a tool name as Warden's checks report it: prisma, knex, liquibase...); default: the one found</li>
 *   <li>{@code flyway_undo_row}: undo_sql (default) | delete ({@link FlywayUndoRow})</li>
 *   <li>{@code command}: for the command tool, the tool's rollback ({@link CommandSettings}); it gets the
 *       target's connection in PG* variables</li>
 *   <li>{@code backup}: clone | dump | command: the kind of pre-rollback backup, one of the target's
 *       configured snapshot methods (the daemon passes the method itself)</li>
 *   <li>{@code lock_timeout} (default 5s) and {@code statement_timeout} (default 15m) of the transaction
 *       that runs the scripts</li>
 * </ul>
 *
 * @param steps         null for the default (1) unless {@code targetVersion} is set
 * @param targetVersion null unless undoing down to a version
 * @param historyTable  null for the tool's default
 * @param historyTool   null: the only tool whose history is found
 * @param command       null unless {@code tool} is command
 */
public record DownMigrationSettings(DownMigrationTool tool, Path directory, Integer steps, String targetVersion,
                                    String historyTable, String historyTool, FlywayUndoRow flywayUndoRow,
                                    CommandSettings command, BackupMethod backup, Duration lockTimeout,
                                    Duration statementTimeout) {
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofMinutes(15);

    public DownMigrationSettings {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(backup, "backup: a destructive-in-place rollback first takes a backup");
        if (tool == DownMigrationTool.COMMAND ? command == null : directory == null) {
            throw new IllegalArgumentException(tool == DownMigrationTool.COMMAND ? "command: required for tool command"
                    : "directory: required for tool " + tool.configName());
        }
        if (steps != null && targetVersion != null) {
            throw new IllegalArgumentException("steps and target_version: set one of them, not both");
        }
        if (steps != null && steps < 1) {
            throw new IllegalArgumentException("steps: expected at least 1, found " + steps);
        }
        steps = steps == null && targetVersion == null ? Integer.valueOf(1) : steps;
        historyTable = historyTable != null ? historyTable : tool == DownMigrationTool.FLYWAY
                ? "public.flyway_schema_history" : tool == DownMigrationTool.GOLANG_MIGRATE ? "public.schema_migrations"
                : null;
        flywayUndoRow = flywayUndoRow == null ? FlywayUndoRow.UNDO_SQL : flywayUndoRow;
        lockTimeout = lockTimeout == null ? DEFAULT_LOCK_TIMEOUT : lockTimeout;
        statementTimeout = statementTimeout == null ? DEFAULT_STATEMENT_TIMEOUT : statementTimeout;
    }

    /** Flyway's or golang-migrate's settings with the defaults: undo the newest migration. */
    public static DownMigrationSettings of(DownMigrationTool tool, Path directory, BackupMethod backup) {
        return new DownMigrationSettings(tool, directory, null, null, null, null, null, null, backup, null, null);
    }

    /** The same settings undoing {@code count} migrations. */
    public DownMigrationSettings withSteps(int count) {
        return new DownMigrationSettings(tool, directory, count, null, historyTable, historyTool, flywayUndoRow,
                command, backup, lockTimeout, statementTimeout);
    }

    /** The history table's schema. */
    public String historySchema() {
        return historyTable == null || !historyTable.contains(".") ? "public"
                : historyTable.substring(0, historyTable.indexOf('.'));
    }

    /** The history table's own name. */
    public String historyName() {
        return historyTable == null ? null : historyTable.substring(historyTable.indexOf('.') + 1);
    }
}
