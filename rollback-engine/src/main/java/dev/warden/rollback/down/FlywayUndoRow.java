package dev.warden.rollback.down;

/**
 * How down_migration records a Flyway undo in flyway_schema_history ({@code down_migration.flyway_undo_row}).
 * Flyway Community (checked with 11.14) cannot read UNDO_SQL rows at all: its info, validate and
 * migrate fail with "No enum constant ...UNDO_SQL"; it does read DELETE rows, and applies the
 * version again on the next migrate.
 */
public enum FlywayUndoRow {
    /**
     * What Flyway Teams' undo writes: {@code type = 'UNDO_SQL'}, the undone version, the undo
     * script's description, name and checksum, {@code success = true}. For Teams users.
     */
    UNDO_SQL,
    /**
     * What Flyway's repair writes for a migration it marks deleted: {@code type = 'DELETE'}, the
     * versioned migration's description and script, no checksum. For Community users.
     */
    DELETE
}
