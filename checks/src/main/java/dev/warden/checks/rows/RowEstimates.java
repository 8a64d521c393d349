package dev.warden.checks.rows;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the estimate of every user table in one query, from pg_class and the pg_stat_get_*
 * functions (cheaper than the pg_stat_user_tables view on a large catalog). Reads no table, so it
 * never waits on a table's lock; it also says which tables a migration holds or awaits an
 * AccessExclusiveLock on, itself or on one of its indexes (the planner opens those for count(*)).
 */
final class RowEstimates {
    private RowEstimates() {
    }

    /** One table's estimate and whether it is locked at this moment. */
    record Estimate(TableRowCount count, boolean locked) {
    }

    private static final String ESTIMATES = """
            WITH locked AS (
                SELECT DISTINCT relation AS oid FROM pg_locks
                WHERE locktype = 'relation' AND mode = 'AccessExclusiveLock'
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            ),
            locked_tables AS (
                SELECT oid FROM locked
                UNION
                SELECT i.indrelid FROM pg_index i JOIN locked l ON l.oid = i.indexrelid
            )
            SELECT n.nspname AS schemaname, c.relname,
                   CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint END AS reltuples,
                   pg_stat_get_live_tuples(c.oid) AS live,
                   pg_stat_get_tuples_inserted(c.oid) AS inserted,
                   pg_stat_get_tuples_updated(c.oid) AS updated,
                   pg_stat_get_tuples_deleted(c.oid) AS deleted,
                   c.oid IN (SELECT oid FROM locked_tables) AS locked
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p')
              AND left(n.nspname, 3) <> 'pg_' AND n.nspname NOT IN ('information_schema', 'warden')
              AND ($1::text[] IS NULL OR n.nspname || '.' || c.relname = ANY ($1::text[]))
            ORDER BY n.nspname, c.relname
            """;

    /** Every user table, or only {@code tables} ({@code schema.table}) when it is not null. */
    static Future<List<Estimate>> read(SqlClient client, List<String> tables) {
        Object only = tables == null ? null : tables.toArray(String[]::new);
        return client.preparedQuery(ESTIMATES).execute(Tuple.of(only)).map(rows -> {
            List<Estimate> estimates = new ArrayList<>();
            for (Row row : rows) {
                estimates.add(new Estimate(toCount(row), row.getBoolean("locked")));
            }
            return estimates;
        });
    }

    /** reltuples is -1 until the first ANALYZE or VACUUM (PostgreSQL 14+): then the live-tuple counter. */
    private static TableRowCount toCount(Row row) {
        Long reltuples = row.getLong("reltuples");
        long live = row.getLong("live");
        return new TableRowCount(row.getString("schemaname"), row.getString("relname"),
                reltuples != null ? reltuples : live,
                reltuples != null ? EstimateSource.RELTUPLES : EstimateSource.LIVE_TUPLES,
                live, row.getLong("inserted"), row.getLong("updated"), row.getLong("deleted"),
                null, CountStatus.ESTIMATED_ONLY, null);
    }
}
