package dev.warden.checks.migrations;

import java.util.Objects;

/**
 * A history table that Warden found but did not read, and why. Never a failure: the next cycle tries again.
 *
 * @param tool        the tool whose table it is
 * @param schema      the table's schema
 * @param table       the table's name
 * @param reason      why it was skipped
 * @param detail      a short explanation (an SQLSTATE and message, which lock, ...)
 * @param blockingPid the backend that holds or waits for an AccessExclusiveLock on it, when that is the reason
 */
public record SkippedTable(String tool, String schema, String table, Reason reason, String detail,
                           Integer blockingPid) {
    public SkippedTable {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(reason, "reason");
    }

    public enum Reason {
        /**
         * An AccessExclusiveLock on the table is granted or waiting: reading would queue behind it (and
         * make every later query queue behind the read). A strong hint that a migration is running.
         */
        ACCESS_EXCLUSIVE_LOCK,
        /** The read gave up on a lock (SQLSTATE 55P03, lock_timeout). */
        LOCK_TIMEOUT,
        /** The read was cancelled (SQLSTATE 57014, statement_timeout or a cancel request). */
        STATEMENT_TIMEOUT,
        /** The table went away, lacks a column the tool writes, or Warden may not read it. */
        UNREADABLE
    }
}
