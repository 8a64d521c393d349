package dev.warden.checks.builtin;

import dev.warden.checks.activity.ActivitySource;
import dev.warden.checks.activity.DatabaseActivity;
import dev.warden.checks.activity.ServerActivity.Backend;
import dev.warden.checks.activity.ServerActivity.WantedLock;
import dev.warden.checks.migrations.StatementPreview;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The sessions of one database that wait for a lock and those that block them (wherever they are),
 * from a reading of the server's activity ({@link ActivitySource}): pg_blocking_pids() is called there
 * only for waiting backends. Relation names are resolved in the target's own database, and only for
 * the relations someone waits for.
 *
 * <p>PostgreSQL 14+ records when a wait began ({@code pg_locks.waitstart}); older servers only say
 * when the statement began ({@code pg_stat_activity.query_start}), an upper bound of the wait.
 * waitstart can also be null for a moment after a wait begins: then query_start stands in. Ages are
 * measured at the reading's time.
 */
final class LockGraph {
    static final int PREVIEW_CHARS = 200;
    static final int MAX_SESSIONS = 500;

    private static final String NAMES = """
            SELECT r AS oid, r::oid::regclass::text AS name FROM unnest($1::bigint[]) r
            """;

    private final boolean exactWaits;

    private LockGraph(boolean exactWaits) {
        this.exactWaits = exactWaits;
    }

    /** The graph for a server of this version ({@code server_version_num}). */
    static LockGraph forServer(int versionNum) {
        return new LockGraph(versionNum >= 140000);
    }

    boolean exactWaits() {
        return exactWaits;
    }

    /** From a reading of its own. */
    Future<List<LockSession>> read(SqlClient client) {
        return ActivitySource.direct().read(client).compose(activity -> sessions(activity, client));
    }

    Future<List<LockSession>> sessions(DatabaseActivity activity, SqlClient client) {
        List<Backend> waiters = activity.backends().stream().filter(Backend::waiter).toList();
        if (waiters.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Long[] relations = waiters.stream().flatMap(w -> w.wanted().stream()).map(WantedLock::relation)
                .filter(Objects::nonNull).distinct().toArray(Long[]::new);
        Future<Map<Long, String>> names = relations.length == 0 ? Future.succeededFuture(Map.of())
                : client.preparedQuery(NAMES).execute(Tuple.of(relations)).map(rows -> {
                    Map<Long, String> byOid = new HashMap<>();
                    for (Row row : rows) {
                        byOid.put(row.getLong("oid"), row.getString("name"));
                    }
                    return byOid;
                });
        return names.map(byOid -> graph(activity, waiters, byOid));
    }

    private List<LockSession> graph(DatabaseActivity activity, List<Backend> waiters, Map<Long, String> names) {
        Map<Integer, Backend> everyone = activity.anyByPid();
        TreeSet<Integer> pids = new TreeSet<>();
        waiters.forEach(w -> {
            pids.add(w.pid());
            pids.addAll(w.blockers());
        });
        List<LockSession> sessions = new ArrayList<>();
        for (int pid : pids) {
            Backend backend = everyone.get(pid);
            if (backend != null && sessions.size() < MAX_SESSIONS) {
                sessions.add(toSession(activity, backend, names));
            }
        }
        return sessions;
    }

    private LockSession toSession(DatabaseActivity activity, Backend b, Map<Long, String> names) {
        boolean waiting = b.waiter() && activity.database().equals(b.datname());
        Long waitStart = exactWaits && waiting ? b.waitStartMicros() : null;
        Double wait = activity.secondsSince(waitStart != null ? waitStart : b.queryStartMicros());
        Double xact = activity.secondsSince(b.xactStartMicros());
        String wanted = waiting ? wanted(b.wanted(), names) : null;
        return new LockSession(b.pid(), waiting, waiting && wait != null ? wait : 0, waitStart != null,
                xact == null ? 0 : xact, b.state(), StatementPreview.redact(b.query()), wanted,
                waiting ? b.blockers() : List.of());
    }

    /** "AccessExclusiveLock on public.orders, ..." with each lock once, sorted as PostgreSQL's string_agg(DISTINCT). */
    private static String wanted(List<WantedLock> locks, Map<Long, String> names) {
        TreeSet<String> each = new TreeSet<>();
        for (WantedLock lock : locks) {
            String name = lock.relation() == null ? null : names.getOrDefault(lock.relation(), null);
            each.add(lock.mode() + " on " + (name != null ? name : lock.locktype()));
        }
        return each.isEmpty() ? null : String.join(", ", each);
    }
}
