package dev.warden.rollback.down;

import dev.warden.postgres.Failures;
import dev.warden.postgres.SqlState;
import dev.warden.rollback.backup.SqlText;
import dev.warden.rollback.engine.DataImpact;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the down scripts would drop, counted before they run: each dropped column's non-null
 * values and each dropped table's rows. A relation a migration holds or awaits an exclusive lock on
 * is not counted (said so in the notes), and each count is bounded by its own statement timeout.
 */
final class DropImpact {
    private static final Duration COUNT_TIMEOUT = Duration.ofSeconds(30);
    private static final String RESOLVE = "SELECT n.nspname, c.relname, (SELECT min(l.pid) FROM pg_locks l"
            + " WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'"
            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND l.relation = c.oid), $2::text IS NULL OR EXISTS (SELECT 1 FROM pg_attribute a"
            + " WHERE a.attrelid = c.oid AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped)"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)";

    private final SqlConnection c;
    private final List<DataImpact.Dropped> dropped = new ArrayList<>();
    private final List<String> notes;

    private DropImpact(SqlConnection c, List<String> notes) {
        this.c = c;
        this.notes = new ArrayList<>(notes);
    }

    /** The impact of running {@code undos}' scripts, with {@code notes} first. */
    static Future<DataImpact> assess(SqlConnection c, List<Undo> undos, List<String> notes) {
        Set<DropFinder.Drop> drops = new LinkedHashSet<>();
        undos.stream().filter(u -> u.sql() != null).forEach(u -> drops.addAll(DropFinder.find(u.sql().statements())));
        DropImpact impact = new DropImpact(c, notes);
        Future<Void> chain = Future.succeededFuture();
        for (DropFinder.Drop drop : drops) {
            chain = chain.compose(v -> impact.count(drop));
        }
        return chain.map(v -> new DataImpact(List.of(), List.of(), impact.dropped, impact.notes));
    }

    private Future<Void> count(DropFinder.Drop drop) {
        String named = drop.column() == null ? drop.regclass() : drop.regclass() + "." + drop.column();
        return c.preparedQuery(RESOLVE).execute(Tuple.of(drop.regclass(), drop.column())).compose(rows -> {
            if (rows.size() == 0 || !rows.iterator().next().getBoolean(3)) {
                notes.add(named + " does not exist now: the down script would fail on it");
                return Future.succeededFuture();
            }
            Row row = rows.iterator().next();
            String table = row.getString(0) + "." + row.getString(1);
            if (row.getInteger(2) != null) {
                return record(table, drop.column(), null, "not counted: an AccessExclusiveLock on it is held or awaited"
                        + " by backend " + row.getInteger(2));
            }
            String what = drop.column() == null ? "*" : SqlText.identifier(drop.column());
            String sql = "SET LOCAL statement_timeout = '" + COUNT_TIMEOUT.toMillis() + "ms';"
                    + " SET LOCAL lock_timeout = '100ms'; SELECT count(" + what + ") FROM "
                    + TableLocks.quoted(row.getString(0), row.getString(1));
            return c.query(sql).execute()
                    .compose(result -> record(table, drop.column(), last(result).iterator().next().getLong(0), null))
                    .recover(e -> Failures.hasSqlState(e, SqlState.LOCK_NOT_AVAILABLE, SqlState.QUERY_CANCELED)
                            ? record(table, drop.column(), null, "not counted (" + Failures.sqlState(e) + ": "
                                    + Failures.postgresError(e).orElseThrow().getErrorMessage() + ")")
                            : Future.failedFuture(e));
        });
    }

    private Future<Void> record(String table, String column, Long values, String why) {
        dropped.add(new DataImpact.Dropped(table, column, values));
        String what = column == null ? "table " + table + " is dropped" : "column " + table + "." + column
                + " is dropped";
        notes.add(what + (values == null ? ": " + why : column == null ? " with its " + values + " row(s)"
                : " with its " + values + " non-null value(s)"));
        return Future.succeededFuture();
    }

    private static RowSet<Row> last(RowSet<Row> first) {
        RowSet<Row> last = first;
        while (last.next() != null) {
            last = last.next();
        }
        return last;
    }
}
