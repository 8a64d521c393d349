package dev.warden.daemon.migrate;

import io.vertx.core.json.JsonObject;

/**
 * One reason not to start a migration now, named the same in the API, the CLI and the report.
 * {@code overridable} ones give way to {@code --force}; a target that is down or a migration already
 * running never do.
 */
public record Refusal(String name, String detail, boolean overridable) {
    public static final String TARGET_DOWN = "target_down";
    public static final String MIGRATION_RUNNING = "migration_running";
    public static final String FAILED_MIGRATION = "failed_migration";
    public static final String OPEN_INCIDENT = "open_incident";
    public static final String FAILING_CHECK = "failing_check";
    /** The target has a backup kind, and the pre-migration backup failed or is not verified. */
    public static final String NO_RESTORE_POINT = "no_restore_point";

    public JsonObject toJson() {
        return new JsonObject().put("name", name).put("detail", detail).put("overridable", overridable);
    }

    @Override
    public String toString() {
        return name + ": " + detail;
    }
}
