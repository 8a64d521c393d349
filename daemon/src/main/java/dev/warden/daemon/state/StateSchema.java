package dev.warden.daemon.state;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Brings Warden's state schema to the version this code understands, in one transaction under an
 * advisory lock so that several Warden nodes starting together apply each step once. A database
 * newer than the code is refused: an older Warden must not write into a layout it does not know.
 */
final class StateSchema {
    /** Migration scripts in order; script N (1-based) brings the schema to version N. */
    static final List<String> MIGRATIONS = List.of("V1__targets.sql", "V2__snapshots.sql", "V3__decisions.sql",
            "V4__alerts.sql",
            // The rollback journal's tables, shipped by the rollback engine.
            "rollback_journal.sql");
    private static final long LOCK_KEY = 0x5741_5244_454e_0001L; // "WARDEN" + 1

    private StateSchema() {
    }

    static Future<Integer> migrate(Pool pool) {
        return pool.withTransaction(tx -> tx.query("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")").execute()
                .compose(v -> tx.query("""
                        CREATE SCHEMA IF NOT EXISTS warden;
                        CREATE TABLE IF NOT EXISTS warden.schema_version (
                            version    integer PRIMARY KEY,
                            script     text NOT NULL,
                            applied_at timestamptz NOT NULL DEFAULT now())""").execute())
                .compose(v -> tx.query("SELECT coalesce(max(version), 0) AS version FROM warden.schema_version").execute())
                .map(rows -> rows.iterator().next().getInteger("version"))
                .compose(current -> upgrade(tx, current)));
    }

    private static Future<Integer> upgrade(SqlConnection tx, int current) {
        if (current > MIGRATIONS.size()) {
            return Future.failedFuture(new WardenException(ErrorCode.STATE_SCHEMA_TOO_NEW, "the state database's schema"
                    + " is at version " + current + " but this Warden understands up to " + MIGRATIONS.size()
                    + ": a newer Warden has used it; run that version, or point state.url at another database"));
        }
        Future<Void> chain = Future.succeededFuture();
        for (int version = current + 1; version <= MIGRATIONS.size(); version++) {
            String script = MIGRATIONS.get(version - 1);
            int applied = version;
            chain = chain.compose(v -> tx.query(read(script)).execute())
                    .compose(v -> tx.preparedQuery("INSERT INTO warden.schema_version (version, script) VALUES ($1, $2)")
                            .execute(Tuple.of(applied, script)))
                    .mapEmpty();
        }
        return chain.map(v -> MIGRATIONS.size());
    }

    private static String read(String script) {
        try (InputStream in = StateSchema.class.getResourceAsStream("/state/" + script)) {
            if (in == null) {
                throw new IllegalStateException("missing state migration " + script + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
