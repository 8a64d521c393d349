package dev.warden.rollback.swap;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * What the server's catalog says about databases and sessions, read on a maintenance session. Steps
 * decide {@code done()} from here, never from memory, so that a restarted Warden sees the truth.
 */
public final class Catalog {
    /**
     * Client sessions on a database. A session this role may not see in detail (another user's, without
     * pg_read_all_stats) shows no backend type: it counts too, so that nothing hides from a check.
     */
    private static final String CLIENTS = " FROM pg_stat_activity WHERE datname = $1"
            + " AND (backend_type = 'client backend' OR backend_type IS NULL) AND pid <> pg_backend_pid() AND pid <> $2";

    private Catalog() {
    }

    /** A database's state, or empty when no database has that name. */
    public static Future<Optional<DatabaseState>> database(SqlConnection c, String name) {
        return c.preparedQuery("SELECT datallowconn, shobj_description(oid, 'pg_database') FROM pg_database"
                        + " WHERE datname = $1").execute(Tuple.of(name))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new DatabaseState(row.getBoolean(0), row.getString(1)));
                });
    }

    public static Future<Boolean> exists(SqlConnection c, String name) {
        return database(c, name).map(Optional::isPresent);
    }

    /** Client sessions on {@code database}, other than this one and {@code keepPid}. */
    static Future<Long> clientSessions(SqlConnection c, String database, int keepPid) {
        return c.preparedQuery("SELECT count(*)" + CLIENTS).execute(Tuple.of(database, keepPid))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Terminates client sessions on {@code database} (only idle ones when {@code idleOnly}); answers how many. */
    public static Future<Long> terminateClients(SqlConnection c, String database, int keepPid, boolean idleOnly) {
        String sql = "SELECT count(pg_terminate_backend(pid))" + CLIENTS + (idleOnly ? " AND state = 'idle'" : "");
        return c.preparedQuery(sql).execute(Tuple.of(database, keepPid)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Whether the database itself (any role) has {@code setting} in its {@code ALTER DATABASE ... SET}s. */
    public static Future<Optional<String>> databaseSetting(SqlClient c, String database, String setting) {
        return c.preparedQuery("SELECT substr(cfg, length($2) + 2) FROM pg_db_role_setting s"
                        + " JOIN pg_database d ON d.oid = s.setdatabase, unnest(s.setconfig) cfg"
                        + " WHERE d.datname = $1 AND s.setrole = 0 AND starts_with(cfg, $2 || '=')")
                .execute(Tuple.of(database, setting))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
    }

    /** @param comment the database's comment, or null */
    public record DatabaseState(boolean allowsConnections, String comment) {
    }
}
