package dev.warden.postgres;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import static dev.warden.postgres.SqlState.CONNECTION_EXCEPTION_CLASS;
import static dev.warden.postgres.SqlState.DATA_CORRUPTED;
import static dev.warden.postgres.SqlState.INDEX_CORRUPTED;
import static dev.warden.postgres.SqlState.INSUFFICIENT_PRIVILEGE;
import static dev.warden.postgres.SqlState.INSUFFICIENT_RESOURCES_CLASS;
import static dev.warden.postgres.SqlState.INVALID_AUTHORIZATION_CLASS;
import static dev.warden.postgres.SqlState.INVALID_CATALOG_NAME;
import static dev.warden.postgres.SqlState.LOCK_NOT_AVAILABLE;
import static dev.warden.postgres.SqlState.OPERATOR_INTERVENTION_CLASS;
import static dev.warden.postgres.SqlState.QUERY_CANCELED;
import static dev.warden.postgres.SqlState.SERVER_SHUTDOWN_PREFIX;

import java.net.ConnectException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The one place that classifies PostgreSQL failures. Says in one line why something could not run, classified by SQLSTATE class through the cause chain:
 * 08 connection, 57014 statement timeout or cancel, 57P0x server shutting down, 55P03 lock not
 * available, 53 resources, 28 authentication, 3D000 no such database, 42501 permission, XX001/XX002
 * corruption. Messages come from PostgreSQL or the client and carry no
 * password.
 */
public final class Failures {
    private Failures() {
    }

    public static String describe(Throwable failure) {
        return describe(failure, "the target");
    }

    /** As {@link #describe(Throwable)}, naming the server Warden could not reach, such as "the state store". */
    public static String describe(Throwable failure, String server) {
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
                return "connection lost: the connection to " + server + " was closed";
            }
            if (t instanceof ConnectException) {
                return "cannot connect to " + server + ": " + t.getMessage();
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

    /** Whether the first PostgreSQL error in the cause chain has one of {@code states} ({@link SqlState}). */
    public static boolean hasSqlState(Throwable failure, String... states) {
        String state = sqlState(failure);
        return state != null && Arrays.asList(states).contains(state);
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
        return state.startsWith(CONNECTION_EXCEPTION_CLASS) || state.startsWith(OPERATOR_INTERVENTION_CLASS)
                || state.startsWith(INSUFFICIENT_RESOURCES_CLASS) || state.startsWith(INVALID_AUTHORIZATION_CLASS)
                || state.equals(LOCK_NOT_AVAILABLE) || state.equals(INSUFFICIENT_PRIVILEGE)
                || state.equals(INVALID_CATALOG_NAME);
    }

    private static String meaning(String state) {
        if (state == null) {
            return "query failed";
        }
        if (state.startsWith(CONNECTION_EXCEPTION_CLASS)) {
            return "connection lost";
        }
        if (state.startsWith(INVALID_AUTHORIZATION_CLASS)) {
            return "authentication failed";
        }
        if (state.startsWith(SERVER_SHUTDOWN_PREFIX)) {
            return "server shutting down or restarting";
        }
        if (state.startsWith(INSUFFICIENT_RESOURCES_CLASS)) {
            return "server out of resources";
        }
        return switch (state) {
            case QUERY_CANCELED -> "statement timeout or cancelled";
            case LOCK_NOT_AVAILABLE -> "lock not available";
            case INVALID_CATALOG_NAME -> "database does not exist";
            case INSUFFICIENT_PRIVILEGE -> "permission denied";
            case DATA_CORRUPTED -> "data corrupted";
            case INDEX_CORRUPTED -> "index corrupted";
            default -> "query failed";
        };
    }
}
