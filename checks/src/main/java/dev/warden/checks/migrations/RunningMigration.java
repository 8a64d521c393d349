package dev.warden.checks.migrations;

import java.time.Instant;
import java.util.Objects;

/**
 * Evidence that a migration is in progress. One migration may leave several pieces of evidence (an
 * advisory lock and a history row, say), each reported on its own.
 *
 * @param tool             the tool it is attributed to, or null when only a DDL statement was seen
 * @param pid              the backend running it, or null when the evidence is a row (lock table, history)
 * @param startedAt        when the session's current transaction (or else statement) began, when known
 * @param statementPreview the first 200 characters of the session's statement, or what the tool's row says
 * @param waiting          whether the session is waiting for a lock right now
 * @param source           what the evidence is
 */
public record RunningMigration(String tool, Integer pid, Instant startedAt, String statementPreview, boolean waiting,
                               Source source) {
    public RunningMigration {
        Objects.requireNonNull(source, "source");
    }

    /** What says that a migration is running. */
    public enum Source {
        /** A session holds an advisory lock that a tool takes while it migrates. */
        ADVISORY_LOCK,
        /** The tool's own lock table says it is locked (Liquibase, Knex). */
        LOCK_TABLE,
        /** A history row is started and not finished (Prisma, Atlas, pgroll). */
        HISTORY_ROW,
        /** Another session is running (or is in a transaction whose last statement was) a DDL statement. */
        DDL_ACTIVITY
    }
}
