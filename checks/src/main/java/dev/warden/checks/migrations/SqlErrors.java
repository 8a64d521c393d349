package dev.warden.checks.migrations;

import static dev.warden.postgres.SqlState.UNDEFINED_TABLE;
import static dev.warden.postgres.SqlState.UNDEFINED_COLUMN;
import static dev.warden.postgres.SqlState.QUERY_CANCELED;
import static dev.warden.postgres.SqlState.LOCK_NOT_AVAILABLE;
import static dev.warden.postgres.SqlState.INVALID_SCHEMA_NAME;
import static dev.warden.postgres.SqlState.INSUFFICIENT_PRIVILEGE;

import dev.warden.postgres.Failures;
import java.util.Optional;

/** Which SQL errors of a history read mean "skip this table this time" rather than a failure. */
final class SqlErrors {
    private SqlErrors() {
    }

    static Optional<SkippedTable.Reason> skipReason(Throwable error) {
        String state = Failures.sqlState(error);
        if (state == null) {
            return Optional.empty();
        }
        return switch (state) {
            case LOCK_NOT_AVAILABLE -> Optional.of(SkippedTable.Reason.LOCK_TIMEOUT);
            case QUERY_CANCELED -> Optional.of(SkippedTable.Reason.STATEMENT_TIMEOUT);
            // The table changed since the listing, is not quite the tool's, or a monitoring role may not read it.
            case UNDEFINED_TABLE, UNDEFINED_COLUMN, INVALID_SCHEMA_NAME, INSUFFICIENT_PRIVILEGE ->
                    Optional.of(SkippedTable.Reason.UNREADABLE);
            default -> Optional.empty();
        };
    }

    static String describe(Throwable error) {
        return Failures.postgresError(error).map(pg -> pg.getSqlState() + ": " + pg.getErrorMessage())
                .orElse(String.valueOf(error.getMessage()));
    }
}
