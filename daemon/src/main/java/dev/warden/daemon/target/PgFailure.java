package dev.warden.daemon.target;

import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Classifies a failure in one place, by SQLSTATE class and by walking the cause chain, so that
 * callers decide on the kind (retry a lost connection, stop on bad credentials, treat a timeout as
 * inconclusive) and never on message text.
 */
public enum PgFailure {
    /** Cannot reach the server or the connection broke (class 08, refused, reset). */
    CONNECTION,
    /** Wrong password or role not allowed (class 28): retrying will not help. */
    AUTHENTICATION,
    /** The database does not exist (3D000). */
    NO_DATABASE,
    /** statement_timeout or a cancel (57014), or a client-side timeout. */
    TIMEOUT,
    /** lock_timeout: the lock was not available (55P03). */
    LOCK_NOT_AVAILABLE,
    /** The server is starting up or shutting down (57P01-57P03). */
    SERVER_UNAVAILABLE,
    OTHER;

    public static PgFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                return ofSqlState(pg.getSqlState());
            }
            if (t instanceof ConnectException || t instanceof ClosedConnectionException || t instanceof IOException) {
                return CONNECTION;
            }
            if (t instanceof TimeoutException || t instanceof NoStackTraceTimeoutException) {
                return TIMEOUT;
            }
        }
        return OTHER;
    }

    static PgFailure ofSqlState(String state) {
        if (state.startsWith("08")) {
            return CONNECTION;
        }
        if (state.startsWith("28")) {
            return AUTHENTICATION;
        }
        return switch (state) {
            case "3D000" -> NO_DATABASE;
            case "57014" -> TIMEOUT;
            case "55P03" -> LOCK_NOT_AVAILABLE;
            case "57P01", "57P02", "57P03" -> SERVER_UNAVAILABLE;
            default -> OTHER;
        };
    }

    /** A one-line description without stack trace, for logs and the health body. */
    public static String describe(Throwable failure) {
        String message = failure.getMessage();
        return of(failure).name().toLowerCase() + ": " + (message == null ? failure.getClass().getSimpleName() : message);
    }
}
