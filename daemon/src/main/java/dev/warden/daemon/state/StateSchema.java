package dev.warden.daemon.state;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.ConnectionSpec;
import dev.warden.postgres.Connections;
import dev.warden.postgres.Failures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.OptionalInt;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.pattern.ValidatePattern;

/**
 * Brings Warden's state schema to the version this code understands, with Flyway: scripts
 * {@code V1__...} to {@code V9__...} under {@code classpath:state} (V5, the rollback journal, and V6,
 * incidents, ship in the rollback engine's jar; V9 is the migrations of {@code warden migrate}, V11 the targets' incremental schema fingerprints, V13 which cluster node sends each alert, V14 the cluster nodes' watchers), history in {@code warden.flyway_schema_history}. Flyway holds a
 * PostgreSQL advisory lock while it migrates, so several Warden nodes starting together apply each
 * script once. A database newer than the code is refused: an older Warden must not write into a
 * layout it does not know.
 *
 * <p>Databases made before Flyway recorded their version in {@code warden.schema_version}: such a
 * database is baselined at that version (nothing re-applied, nothing lost) and the newer scripts
 * applied. The old table is left as it was and no longer written.
 *
 * <p>A database already at {@link #VERSION} with a clean history (every row successful) is taken as
 * it is, from one query of the history table: loading and running Flyway costs a fresh process
 * about a quarter of its start-up and would find nothing to do. The scripts' checksums are then not
 * compared again; anything else (older, newer, a failed script) goes through Flyway as before.
 */
final class StateSchema {
    /** The newest script under {@code classpath:state}. */
    static final int VERSION = 14;
    static final String SCHEMA = "warden";
    static final String HISTORY_TABLE = "flyway_schema_history";
    private static final String LOCATION = "classpath:state";

    private StateSchema() {
    }

    /** Migrates on a worker thread (Flyway speaks JDBC); completes with the schema's version. */
    static Future<Integer> migrate(Vertx vertx, Pool pool, ConnectionSpec connection) {
        return found(pool).compose(found -> found.current() ? Future.succeededFuture(VERSION)
                : vertx.executeBlocking(() -> migrate(connection, found.legacy()), false));
    }

    /**
     * What the database holds: {@code current} when Flyway's history is clean and at {@link #VERSION};
     * {@code legacy} the version the pre-Flyway code recorded, when a database has its table and no
     * Flyway history yet.
     */
    record Found(boolean current, OptionalInt legacy) {
    }

    static Future<Found> found(Pool pool) {
        return pool.query("SELECT coalesce(bool_or(tablename = 'schema_version'), false) AS legacy,"
                        + " coalesce(bool_or(tablename = '" + HISTORY_TABLE + "'), false) AS flyway"
                        + " FROM pg_catalog.pg_tables WHERE schemaname = '" + SCHEMA + "'").execute()
                .map(rows -> rows.iterator().next())
                .compose(row -> row.getBoolean("flyway") ? current(pool).map(current -> new Found(current, OptionalInt.empty()))
                        : !row.getBoolean("legacy") ? Future.succeededFuture(new Found(false, OptionalInt.empty()))
                        : pool.query("SELECT coalesce(max(version), 0) AS version FROM warden.schema_version").execute()
                                .map(rows -> new Found(false, OptionalInt.of(rows.iterator().next().getInteger("version")))));
    }

    /** True when every script in the history succeeded and the newest is this code's {@link #VERSION}. */
    private static Future<Boolean> current(Pool pool) {
        return pool.query("SELECT coalesce(bool_and(success), false) AS clean,"
                        + " coalesce(bool_and(version IS NULL OR version ~ '^[0-9]+$'), false) AS numbered,"
                        + " max(CASE WHEN version ~ '^[0-9]+$' THEN version::bigint END) AS newest"
                        + " FROM " + SCHEMA + "." + HISTORY_TABLE).execute()
                .map(rows -> rows.iterator().next())
                .map(row -> row.getBoolean("clean") && row.getBoolean("numbered")
                        && Long.valueOf(VERSION).equals(row.getLong("newest")));
    }

    private static int migrate(ConnectionSpec connection, OptionalInt legacy) {
        if (legacy.isPresent() && legacy.getAsInt() > VERSION) {
            throw tooNew(String.valueOf(legacy.getAsInt()));
        }
        FluentConfiguration config = Flyway.configure(StateSchema.class.getClassLoader())
                .dataSource(Connections.jdbcUrl(connection), connection.user(), connection.password().reveal())
                .jdbcProperties(Connections.jdbcProperties(connection))
                .schemas(SCHEMA)
                .table(HISTORY_TABLE)
                .createSchemas(true)
                .locations(LOCATION)
                .placeholderReplacement(false)
                // Flyway ignores migrations applied by a newer Warden ("*:future") by default:
                // validating them makes an older Warden stop instead (see refuseNewer).
                .ignoreMigrationPatterns(new ValidatePattern[0])
                .cleanDisabled(true);
        legacy.ifPresent(version -> config.baselineOnMigrate(true)
                .baselineVersion(String.valueOf(version))
                .baselineDescription("warden.schema_version " + version));
        Flyway flyway = config.load();
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            try {
                refuseNewer(flyway);
            } catch (FlywayException unknown) {
                e.addSuppressed(unknown);
            }
            throw new WardenException(ErrorCode.UNAVAILABLE, "cannot migrate the state store " + connection.redacted()
                    + ": " + hide(Failures.describe(e), connection));
        }
        return refuseNewer(flyway);
    }

    /** The schema's version, refused when newer than this code's scripts. */
    private static int refuseNewer(Flyway flyway) {
        MigrationInfo current = flyway.info().current();
        MigrationVersion version = current == null ? MigrationVersion.EMPTY : current.getVersion();
        if (version.isNewerThan(String.valueOf(VERSION))) {
            throw tooNew(version.getVersion());
        }
        return version == MigrationVersion.EMPTY ? 0 : Integer.parseInt(version.getVersion());
    }

    private static WardenException tooNew(String version) {
        return new WardenException(ErrorCode.STATE_SCHEMA_TOO_NEW, "the state database's schema is at version "
                + version + " but this Warden understands up to " + VERSION
                + ": a newer Warden has used it; run that version, or point state.url at another database");
    }

    private static String hide(String message, ConnectionSpec connection) {
        String password = connection.password().reveal();
        return password.isEmpty() || message == null ? message : message.replace(password, "****");
    }
}
