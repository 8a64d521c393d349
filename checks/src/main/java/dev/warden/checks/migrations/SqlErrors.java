package dev.warden.checks.migrations;

import io.vertx.pgclient.PgException;
import java.util.Optional;

/** Which SQL errors of a history read mean "skip this table this time" rather than a failure. */
final class SqlErrors {
    private SqlErrors() {
    }

    static Optional<SkippedTable.Reason> skipReason(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                return switch (pg.getSqlState()) {
                    case "55P03" -> Optional.of(SkippedTable.Reason.LOCK_TIMEOUT);
                    case "57014" -> Optional.of(SkippedTable.Reason.STATEMENT_TIMEOUT);
                    // undefined table / column, no such schema, permission denied: the table changed
                    // since the listing, is not quite the tool's, or a monitoring role may not read it.
                    case "42P01", "42703", "3F000", "42501" -> Optional.of(SkippedTable.Reason.UNREADABLE);
                    default -> Optional.empty();
                };
            }
        }
        return Optional.empty();
    }

    static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return pg.getSqlState() + ": " + pg.getErrorMessage();
            }
        }
        return String.valueOf(error.getMessage());
    }
}
