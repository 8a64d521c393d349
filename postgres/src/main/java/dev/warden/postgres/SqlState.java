package dev.warden.postgres;

/**
 * The SQLSTATE codes Warden tells apart, by their PostgreSQL names (Appendix A of the manual). Every
 * comparison with a code goes through these names, so a reader never has to remember what 55006 is.
 */
public final class SqlState {
    /** Class 08: the connection failed or was lost. */
    public static final String CONNECTION_EXCEPTION_CLASS = "08";
    /** Class 25: invalid transaction state, such as a write in a read-only transaction. */
    public static final String INVALID_TRANSACTION_STATE_CLASS = "25";
    /** Class 28: the server refused the login. */
    public static final String INVALID_AUTHORIZATION_CLASS = "28";
    /** Class 53: out of memory, disk, connections. */
    public static final String INSUFFICIENT_RESOURCES_CLASS = "53";
    /** Class 57: the operator or the server intervened (cancel, shutdown, crash). */
    public static final String OPERATOR_INTERVENTION_CLASS = "57";
    /** 57P01..57P05: the server is shutting down, crashed or cannot connect now. */
    public static final String SERVER_SHUTDOWN_PREFIX = "57P";

    /** A statement_timeout or a pg_cancel_backend ended the statement. */
    public static final String QUERY_CANCELED = "57014";
    /** lock_timeout ran out, or NOWAIT found the lock taken. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** The object is in use: a database with other sessions, for CREATE DATABASE ... TEMPLATE or a rename. */
    public static final String OBJECT_IN_USE = "55006";
    /** The database does not exist. */
    public static final String INVALID_CATALOG_NAME = "3D000";
    /** The schema does not exist. */
    public static final String INVALID_SCHEMA_NAME = "3F000";
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    public static final String UNDEFINED_TABLE = "42P01";
    public static final String UNDEFINED_COLUMN = "42703";
    public static final String DUPLICATE_DATABASE = "42P04";
    /** A unique index refused a row: also what a CREATE DATABASE racing another one for the same name gets. */
    public static final String UNIQUE_VIOLATION = "23505";
    /** A heap page failed verification. */
    public static final String DATA_CORRUPTED = "XX001";
    /** An index failed verification. */
    public static final String INDEX_CORRUPTED = "XX002";

    private SqlState() {
    }
}
