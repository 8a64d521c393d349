package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How the down_migration strategy undoes migrations on this target. */
public record DownMigrationConfig(Optional<Tool> tool, Path directory, int steps, String targetVersion,
                                  FlywayUndoRow flywayUndoRow, List<String> command, Duration lockTimeout,
                                  Duration statementTimeout) {

    public enum Tool { FLYWAY, GOLANG_MIGRATE, DIRECTORY, COMMAND }

    /** What a Flyway undo leaves in the history: Teams' UNDO_SQL row, or a DELETE row Community can read. */
    public enum FlywayUndoRow { UNDO_SQL, DELETE }

    static final Key<Tool> TOOL = Key.of("tool", Types.enumOf(Tool.class), null,
            "flyway (U<version>__ scripts), golang_migrate (.down.sql), directory (<version>/down.sql) or command.");
    static final Key<Path> DIRECTORY = Key.of("directory", Types.path(), Path.of("migrations"),
            "Where the down scripts are.");
    static final Key<Integer> STEPS = Key.of("steps", Types.integer(1, 100), 1, "How many applied migrations to undo.");
    static final Key<String> TARGET_VERSION = Key.of("target_version", Types.string(), "",
            "Undo down to this version instead of a number of steps.");
    static final Key<FlywayUndoRow> FLYWAY_UNDO_ROW = Key.of("flyway_undo_row", Types.enumOf(FlywayUndoRow.class),
            FlywayUndoRow.UNDO_SQL, "undo_sql as Flyway Teams writes it; delete for Flyway Community, which cannot read undo_sql rows.");
    static final Key<List<String>> COMMAND = Key.of("command", Types.stringList(), List.of(),
            "With tool: command, the tool's own command (argv), e.g. [liquibase, rollback-count, \"1\"].");
    static final Key<Duration> LOCK_TIMEOUT = Key.of("lock_timeout", Types.timeout(Duration.ofMillis(10)),
            Duration.ofSeconds(5), "lock_timeout of the down migration's transaction.");
    static final Key<Duration> STATEMENT_TIMEOUT = Key.of("statement_timeout", Types.timeout(Duration.ofSeconds(1)),
            Duration.ofMinutes(15), "statement_timeout of the down migration's transaction.");
    static final Section SECTION = Section.of("down_migration",
            "The down_migration strategy on this target; a pre-rollback backup (snapshots.backup) is taken first.",
            List.of(TOOL, DIRECTORY, STEPS, TARGET_VERSION, FLYWAY_UNDO_ROW, COMMAND, LOCK_TIMEOUT, STATEMENT_TIMEOUT),
            List.of());

    static DownMigrationConfig read(Node node) {
        DownMigrationConfig config = new DownMigrationConfig(Optional.ofNullable(node.get(TOOL)), node.get(DIRECTORY),
                node.get(STEPS), node.get(TARGET_VERSION), node.get(FLYWAY_UNDO_ROW), node.get(COMMAND),
                node.get(LOCK_TIMEOUT), node.get(STATEMENT_TIMEOUT));
        if (config.tool().filter(t -> t == Tool.COMMAND).isPresent() && config.command().isEmpty()) {
            node.problem(COMMAND.name(), "required when tool is command");
        }
        return config;
    }
}
