package dev.warden.rollback.down;

/**
 * One migration to undo, with its down script.
 *
 * @param version     the version the history knows it by
 * @param script      the down script's file name ({@code U2__add_price.sql}), or null for the command tool
 * @param description the down script's description (Flyway's, from the file name), or the file name
 * @param sql         the script as Warden runs it (unwrapped), or null for the command tool
 * @param checksum    Flyway's checksum of the file, or null
 * @param after       golang-migrate: the version current once it is undone, or null when none is left
 */
record Undo(String version, String script, String description, SqlScript sql, Integer checksum, String after) {
}
