package dev.warden.rollback.flag;

import dev.warden.rollback.backup.SqlText;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
/**
 * A flag's row in a table of the target. Identifiers are quoted, values bound as parameters, cast
 * from text to the columns' own types by PostgreSQL ({@code $1::text::boolean}), so the key keeps
 * its index and no value is ever spliced into SQL. Every access first looks at pg_locks and refuses
 * to queue behind an AccessExclusiveLock held or awaited on the table (a migration); the update
 * itself runs under {@code SET LOCAL lock_timeout}.
 */
public final class FlagRow {
    private static final String INSPECT = "SELECT t.oid IS NOT NULL,"
            + " (SELECT min(l.pid) FROM pg_locks l"
            + "   WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND l.relation = t.oid"
            + "   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())),"
            + " (SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = t.oid"
            + "   AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped),"
            + " (SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = t.oid"
            + "   AND a.attname = $3 AND a.attnum > 0 AND NOT a.attisdropped)"
            + " FROM (SELECT to_regclass($1) AS oid) t";

    private final SqlFlagSettings settings;
    private final String table;

    public FlagRow(SqlFlagSettings settings) {
        this.settings = settings;
        this.table = (settings.schema() == null ? "" : SqlText.identifier(settings.schema()) + ".")
                + SqlText.identifier(settings.tableName());
    }

    /** The flag's value as text, or empty when no row has its key. */
    public Future<Optional<String>> current(SqlConnection c) {
        return types(c).compose(types -> c.preparedQuery("SELECT " + value() + "::text FROM " + table + " WHERE "
                        + keyMatches(types)).execute(Tuple.of(settings.key()))
                .map(rows -> rows.size() == 0 ? Optional.<String>empty()
                        : Optional.ofNullable(rows.iterator().next().getString(0)).or(() -> Optional.of("NULL"))));
    }

    /** Whether the flag's row exists and holds the off value. */
    public Future<Boolean> isOff(SqlConnection c) {
        return types(c).compose(types -> c.preparedQuery("SELECT bool_and(" + value() + " IS NOT DISTINCT FROM $2::text::"
                        + types.value() + ") FROM " + table + " WHERE " + keyMatches(types))
                .execute(Tuple.of(settings.key(), settings.offValue()))
                .map(rows -> Boolean.TRUE.equals(rows.iterator().next().getBoolean(0))));
    }

    /** Sets the off value in one short transaction; fails when no row has the key. */
    public Future<Long> turnOff(SqlConnection c) {
        return types(c).compose(types -> c.begin().compose(tx -> c
                .query("SET LOCAL lock_timeout = '" + settings.lockTimeout().toMillis() + "ms'").execute()
                .compose(v -> c.preparedQuery("UPDATE " + table + " SET " + value() + " = $2::text::" + types.value()
                        + " WHERE " + keyMatches(types)).execute(Tuple.of(settings.key(), settings.offValue())))
                .compose(rows -> rows.rowCount() == 0
                        ? Future.<Long>failedFuture(new IllegalStateException("no row of " + settings.table()
                                + " has " + settings.keyColumn() + " = " + settings.key()))
                        : tx.commit().map((long) rows.rowCount()))
                .recover(e -> tx.rollback().transform(r -> Future.failedFuture(e)))));
    }

    private String value() {
        return SqlText.identifier(settings.valueColumn());
    }

    private String keyMatches(Types types) {
        return SqlText.identifier(settings.keyColumn()) + " = $1::text::" + types.key();
    }

    private Future<Types> types(SqlConnection c) {
        return c.preparedQuery(INSPECT).execute(Tuple.of(table, settings.keyColumn(), settings.valueColumn()))
                .compose(rows -> {
                    Row row = rows.iterator().next();
                    String problem = !row.getBoolean(0) ? "no table " + settings.table() + " in the target"
                            : row.getInteger(1) != null ? "an AccessExclusiveLock on " + settings.table()
                                    + " is held or awaited by backend " + row.getInteger(1)
                                    + " (a migration?); not queueing behind it"
                            : row.getString(2) == null ? "table " + settings.table() + " has no column "
                                    + settings.keyColumn()
                            : row.getString(3) == null ? "table " + settings.table() + " has no column "
                                    + settings.valueColumn() : null;
                    return problem == null ? Future.succeededFuture(new Types(row.getString(2), row.getString(3)))
                            : Future.failedFuture(new IllegalStateException(problem));
                });
    }

    private record Types(String key, String value) {
    }
}
