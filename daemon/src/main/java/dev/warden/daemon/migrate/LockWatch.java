package dev.warden.daemon.migrate;

import dev.warden.daemon.runs.PeriodicLook;
import dev.warden.postgres.Failures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a migration's sessions while it runs: the locks they hold and await, the sessions waiting
 * behind them, rows changed in critical tables. When another session has waited behind the migration
 * for {@code max_lock_wait}, the migration's running statement is cancelled (pg_cancel_backend) and
 * the run is marked cancelled. The migration's sessions are those named {@code warden-migrate-<id>};
 * nobody else's statement is ever cancelled. One look at a time, so a slow server is not piled on.
 */
final class LockWatch {
    private static final Logger log = LoggerFactory.getLogger(LockWatch.class);
    static final Duration EVERY = Duration.ofMillis(250);

    /** The migration's sessions, their relation locks, and whether each runs a statement now. */
    private static final String SESSIONS = """
            SELECT a.pid, a.state, left(a.query, 200) AS statement,
                   (SELECT count(*) FROM pg_catalog.pg_locks l WHERE l.pid = a.pid AND l.granted) AS held,
                   (SELECT count(*) FROM pg_catalog.pg_locks l WHERE l.pid = a.pid AND NOT l.granted) AS awaited
            FROM pg_catalog.pg_stat_activity a WHERE a.application_name = $1""";
    /**
     * Sessions (not Warden's, not the migration's) waiting for a lock that a migration session holds or
     * is queued for ahead of them; pg_blocking_pids is called only for sessions that wait. The wait is
     * measured from the waiting statement's start: an upper bound on PostgreSQL 13.
     */
    private static final String BLOCKED = """
            SELECT count(*) AS blocked,
                   coalesce(max(extract(epoch FROM clock_timestamp() - w.query_start)), 0)::float8 AS longest
            FROM pg_catalog.pg_stat_activity w
            WHERE w.wait_event_type = 'Lock' AND w.application_name NOT LIKE 'warden%'
              AND pg_catalog.pg_blocking_pids(w.pid) && $1::int[]""";
    private static final String ROWS_CHANGED = """
            SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint AS changed
            FROM pg_catalog.pg_stat_user_tables WHERE schemaname || '.' || relname = ANY($1::text[])""";
    private static final String CANCEL = "SELECT pg_catalog.pg_cancel_backend($1) AS cancelled";

    private final PeriodicLook looks;
    private final Pool pool;
    private final MigrationRun run;
    private final List<String> criticalTables;
    private final Clock clock;
    private long rowsAtStart = -1;
    private boolean saidIdle;

    LockWatch(Vertx vertx, Pool pool, MigrationRun run, List<String> criticalTables, Clock clock) {
        this.looks = new PeriodicLook(vertx, EVERY, this::look);
        this.pool = pool;
        this.run = run;
        this.criticalTables = criticalTables.stream().map(t -> t.contains(".") ? t : "public." + t).toList();
        this.clock = clock;
    }

    /** Counts the critical tables' changes from now, then looks every {@link #EVERY}. */
    Future<Void> start() {
        return rowsChanged().onSuccess(changed -> rowsAtStart = changed).otherwise(0L)
                .onComplete(done -> looks.start())
                .mapEmpty();
    }

    /** Stops looking; a look under way finishes on its own, its result still recorded. */
    void stop() {
        looks.stop();
    }

    private Future<Void> look() {
        return sample().compose(this::relieve)
                .onFailure(e -> log.debug("Migration {}: the lock watch could not look: {}", run.id(), Failures.describe(e)));
    }

    private Future<LockSample> sample() {
        return pool.preparedQuery(SESSIONS).execute(Tuple.of(MigrationRun.applicationName(run.id()))).compose(rows -> {
            List<Integer> pids = new ArrayList<>();
            List<Integer> active = new ArrayList<>();
            long held = 0;
            long awaited = 0;
            String statement = null;
            for (Row row : rows) {
                pids.add(row.getInteger("pid"));
                held += row.getLong("held");
                awaited += row.getLong("awaited");
                if ("active".equals(row.getString("state"))) {
                    active.add(row.getInteger("pid"));
                    statement = row.getString("statement");
                }
            }
            long locksHeld = held;
            long locksAwaited = awaited;
            String running = statement;
            Future<Row> blocked = pids.isEmpty() ? Future.succeededFuture(null)
                    : pool.preparedQuery(BLOCKED).execute(Tuple.of(pids.toArray(Integer[]::new)))
                            .map(r -> r.iterator().next());
            return blocked.compose(b -> rowsChanged().map(changed -> new LockSample(List.copyOf(pids), List.copyOf(active),
                    locksHeld, locksAwaited, b == null ? 0 : b.getLong("blocked"),
                    b == null ? 0 : b.getDouble("longest"), running, rowsAtStart < 0 ? 0 : changed - rowsAtStart)));
        }).onSuccess(run::sampled);
    }

    private Future<Long> rowsChanged() {
        if (criticalTables.isEmpty()) {
            return Future.succeededFuture(0L);
        }
        return pool.preparedQuery(ROWS_CHANGED).execute(Tuple.of(criticalTables.toArray(String[]::new)))
                .map(rows -> rows.iterator().next().getLong("changed"));
    }

    /** Cancels each running statement of the migration once others have waited behind it too long. */
    private Future<Void> relieve(LockSample sample) {
        Duration limit = run.request().maxLockWait();
        if (sample.blockedSessions() == 0 || sample.longestWaitSeconds() * 1000 < limit.toMillis()
                || run.cancelledBecause() != null) {
            return Future.succeededFuture();
        }
        String because = sample.blockedSessions() + " session(s) waited " + Math.round(sample.longestWaitSeconds() * 10) / 10.0
                + " s behind the migration's locks, beyond --max-lock-wait " + limit.toMillis() / 1000.0 + " s";
        if (sample.activePids().isEmpty()) {
            if (saidIdle) {
                return Future.succeededFuture();
            }
            saidIdle = true;
            run.cancelled(clock.instant(), new JsonObject().put("cancelled", false)
                    .put("detail", "idle in transaction: no running statement to cancel"), because);
            return Future.succeededFuture();
        }
        Future<Void> chain = Future.succeededFuture();
        for (Integer pid : sample.activePids()) {
            chain = chain.compose(v -> pool.preparedQuery(CANCEL).execute(Tuple.of(pid)).map(rows -> {
                boolean done = rows.iterator().next().getBoolean("cancelled");
                log.warn("Migration {} on {}: {}; {} statement of backend {}: {}", run.id(), run.target(), because,
                        done ? "cancelled the" : "could not cancel the", pid, sample.statement());
                run.cancelled(clock.instant(), new JsonObject().put("pid", pid).put("statement", sample.statement())
                        .put("cancelled", done).put("blocked_sessions", sample.blockedSessions())
                        .put("longest_blocked_wait_seconds", sample.longestWaitSeconds()), because);
                return null;
            }));
        }
        return chain;
    }
}
