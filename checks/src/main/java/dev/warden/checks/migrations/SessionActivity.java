package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads, in one query over pg_stat_activity and pg_locks, the other sessions of the database that hold
 * an advisory lock or whose statement looks like DDL, with the locks they hold or await on the tools'
 * tables. Warden's own sessions (this one, and any with Warden's application_name) are left out.
 * Statement texts are cut to 200 characters and password literals are masked.
 */
final class SessionActivity {
    static final int MAX_SESSIONS = 200;
    static final int PREVIEW_CHARS = 200;

    private static final String SQL = """
            WITH locks AS MATERIALIZED (
                SELECT l.pid, l.locktype, l.relation::bigint AS relation,
                       CASE WHEN l.objsubid = 1 THEN (l.classid::bigint << 32) | l.objid::bigint END AS advisory_key
                  FROM pg_catalog.pg_locks l
                 WHERE l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
                   AND ((l.locktype = 'advisory' AND l.granted)
                        OR (l.locktype = 'relation' AND l.relation::bigint = ANY($1::bigint[]))))
            SELECT a.pid, a.state, least(a.xact_start, a.query_start) AS started_at,
                   left(a.query, %d) AS query,
                   a.wait_event_type IS NOT DISTINCT FROM 'Lock' AS waiting,
                   (SELECT array_agg(k.advisory_key) FROM locks k
                     WHERE k.pid = a.pid AND k.locktype = 'advisory' AND k.advisory_key IS NOT NULL) AS advisory_keys,
                   (SELECT array_agg(DISTINCT k.relation) FROM locks k
                     WHERE k.pid = a.pid AND k.locktype = 'relation') AS relations,
                   EXISTS (SELECT 1 FROM locks k WHERE k.pid = a.pid AND k.locktype = 'advisory') AS holds_advisory
              FROM pg_catalog.pg_stat_activity a
             WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
               AND a.backend_type = 'client backend'
               AND a.application_name IS DISTINCT FROM $2
               AND (EXISTS (SELECT 1 FROM locks k WHERE k.pid = a.pid AND k.locktype = 'advisory')
                    OR (a.state IS DISTINCT FROM 'idle' AND a.query ~* $3))
             ORDER BY a.pid
             LIMIT %d
            """.formatted(PREVIEW_CHARS, MAX_SESSIONS);

    /**
     * One other session. {@code advisoryKeys} are its granted bigint-keyed advisory locks (two-int4 keys
     * are counted by {@code holdsAdvisoryLock} only); {@code relations} the tool tables it locks or awaits.
     */
    record Session(int pid, String state, Instant startedAt, String query, boolean waiting, List<Long> advisoryKeys,
                   Set<Long> relations, boolean holdsAdvisoryLock) {
    }

    private SessionActivity() {
    }

    static Future<List<Session>> read(SqlClient client, Collection<Long> toolTableOids, String ownApplicationName) {
        Tuple params = Tuple.of(toolTableOids.toArray(new Long[0]), ownApplicationName, DdlStatements.PREFILTER);
        return client.preparedQuery(SQL).execute(params).map(rows -> Rows.map(rows, SessionActivity::toSession));
    }

    private static Session toSession(Row row) {
        return new Session(row.getInteger("pid"), row.getString("state"), Rows.instant(row, "started_at"),
                StatementPreview.redact(row.getString("query")), Rows.isTrue(row, "waiting"), longs(row, "advisory_keys"),
                Set.copyOf(longs(row, "relations")), Rows.isTrue(row, "holds_advisory"));
    }

    private static List<Long> longs(Row row, String column) {
        Long[] values = row.getArrayOfLongs(column);
        return values == null ? List.of() : Arrays.stream(values).filter(Objects::nonNull).collect(Collectors.toList());
    }
}
