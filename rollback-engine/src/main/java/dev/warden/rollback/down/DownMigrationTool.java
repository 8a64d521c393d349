package dev.warden.rollback.down;

import java.util.Arrays;
import java.util.Locale;

/** Whose down scripts down_migration runs, and whose history it updates ({@code down_migration.tool}). */
public enum DownMigrationTool {
    /** {@code U<version>__<desc>.sql} undo scripts; an undo row is added to flyway_schema_history. */
    FLYWAY,
    /** {@code <version>_<name>.down.sql}; schema_migrations is moved to the previous version as the tool does. */
    GOLANG_MIGRATE,
    /** {@code <dir>/<version>/down.sql} or {@code <dir>/<version>.down.sql}; no history is updated. */
    DIRECTORY,
    /** The tool's own rollback command; the tool updates its history. */
    COMMAND;

    /** The YAML spelling: {@code flyway}, {@code golang-migrate}, {@code directory}, {@code command}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static DownMigrationTool fromConfig(String name) {
        return Arrays.stream(values()).filter(t -> t.configName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("tool: expected one of flyway, golang-migrate,"
                        + " directory, command; found " + name));
    }
}
