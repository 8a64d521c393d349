package dev.warden.daemon.cluster;

import dev.warden.daemon.state.StateStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Which node watches which target, in the state database ({@code warden.watchers}): the one place both
 * halves of a network partition still reach, where Hazelcast's view cannot tell them about each other.
 * Times are the database's, so the nodes' clocks do not matter.
 */
final class Watchers {
    /** A target with fresh rows from two or more nodes; {@code since} is when the second one began watching. */
    record DoubleWatch(String target, List<String> nodes, Instant since, Duration lasted) {
    }

    private final StateStore state;

    Watchers(StateStore state) {
        this.state = state;
    }

    /** Whether the state store is open: until then there is nothing to record into. */
    boolean ready() {
        return state.isOpen();
    }

    /**
     * Records, in one statement, that {@code node} watches exactly {@code targets} now: their rows are
     * seen now, the node's other rows go. A row that had gone stale (older than {@code timeout}: the node
     * was frozen or cut off) starts a new stretch of watching.
     */
    Future<Void> record(String node, Collection<String> targets, Duration timeout) {
        return state.ifOpen().compose(v -> state.pool().preparedQuery("""
                WITH dropped AS (
                    DELETE FROM warden.watchers WHERE node = $1 AND target <> ALL ($2::text[]))
                INSERT INTO warden.watchers AS w (target, node, since, seen_at)
                SELECT DISTINCT target, $1, now(), now() FROM unnest($2::text[]) AS target
                ON CONFLICT (target, node) DO UPDATE SET seen_at = now(),
                    since = CASE WHEN w.seen_at < now() - $3 * interval '1 millisecond' THEN now() ELSE w.since END""")
                .execute(Tuple.of(node, targets.toArray(new String[0]), timeout.toMillis()))).mapEmpty();
    }

    /** Removes every row of {@code node}: it watches nothing any more (it stops). */
    Future<Void> forget(String node) {
        return state.ifOpen().compose(v -> state.pool().preparedQuery("DELETE FROM warden.watchers WHERE node = $1")
                .execute(Tuple.of(node))).mapEmpty();
    }

    /** The targets that two or more nodes recorded within {@code timeout}, by name, and for how long. */
    Future<List<DoubleWatch>> doubleWatched(Duration timeout) {
        return state.ifOpen().compose(v -> state.pool().preparedQuery("""
                SELECT target, nodes, since, extract(epoch FROM now() - since) * 1000 AS lasted_ms
                FROM (SELECT target, array_agg(node ORDER BY node) AS nodes,
                          (array_agg(since ORDER BY since))[2] AS since
                      FROM warden.watchers WHERE seen_at >= now() - $1 * interval '1 millisecond'
                      GROUP BY target HAVING count(*) > 1) AS twice
                ORDER BY target""").execute(Tuple.of(timeout.toMillis())))
                .map(rows -> {
                    List<DoubleWatch> found = new ArrayList<>();
                    for (Row row : rows) {
                        found.add(new DoubleWatch(row.getString("target"), Arrays.asList(row.getArrayOfStrings("nodes")),
                                row.getOffsetDateTime("since").toInstant(),
                                Duration.ofMillis(Math.max(0, row.getBigDecimal("lasted_ms").longValue()))));
                    }
                    return found;
                });
    }
}
