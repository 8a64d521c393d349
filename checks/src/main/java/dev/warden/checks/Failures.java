package dev.warden.checks;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Says in one line why a check could not run, classified by SQLSTATE class through the cause chain:
 * 08 connection, 57014 statement timeout or cancel, 57P0x server shutting down, 55P03 lock not
 * available, 53 resources, 28 authentication, 3D000 no such database, 42501 permission, XX001/XX002
 * corruption. Messages come from PostgreSQL or the client and carry no
 * password.
 */
public final class Failures {
    private Failures() {
    }

    public static String describe(Throwable failure) {
        Optional<PgException> pg = postgresError(failure);
        if (pg.isPresent()) {
            String state = pg.get().getSqlState();
            return meaning(state) + " (" + state + "): " + pg.get().getErrorMessage();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return "timed out: " + t.getMessage();
            }
            // A server going away shows as a close or as a reset, depending on who notices first.
            if (t instanceof ClosedConnectionException || t instanceof java.net.SocketException
                    && !(t instanceof ConnectException)) {
                return "connection lost: the connection to the target was closed";
            }
            if (t instanceof ConnectException) {
                return "cannot connect to the target: " + t.getMessage();
            }
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /** The first PostgreSQL error in the cause chain. */
    public static Optional<PgException> postgresError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return Optional.of(pg);
            }
        }
        return Optional.empty();
    }

    /** The SQLSTATE of the first PostgreSQL error in the cause chain, or null. */
    public static String sqlState(Throwable failure) {
        return postgresError(failure).map(PgException::getSqlState).orElse(null);
    }

    /**
     * Whether the failure is about Warden's access to the target (connection, timeout, lock, server
     * shutdown, resources, permission) rather than about what a query asked: such a failure makes a
     * result inconclusive.
     */
    public static boolean isAccessProblem(Throwable failure) {
        String state = sqlState(failure);
        if (state == null) {
            return true;
        }
        return state.startsWith("08") || state.startsWith("57") || state.startsWith("53") || state.startsWith("28")
                || state.equals("55P03") || state.equals("42501") || state.equals("3D000");
    }

    private static String meaning(String state) {
        if (state == null) {
            return "query failed";
        }
        if (state.startsWith("08")) {
            return "connection lost";
        }
        if (state.startsWith("28")) {
            return "authentication failed";
        }
        if (state.startsWith("57P")) {
            return "server shutting down or restarting";
        }
        if (state.startsWith("53")) {
            return "server out of resources";
        }
        return switch (state) {
            case "57014" -> "statement timeout or cancelled";
            case "55P03" -> "lock not available";
            case "3D000" -> "database does not exist";
            case "42501" -> "permission denied";
            case "XX001" -> "data corrupted";
            case "XX002" -> "index corrupted";
            default -> "query failed";
        };
    }
}
