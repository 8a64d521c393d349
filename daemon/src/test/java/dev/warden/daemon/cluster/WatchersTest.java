package dev.warden.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.config.PostgresUri;
import dev.warden.daemon.state.StateStore;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16, split brain: what each node records of the targets it watches, and which targets the state
 * database shows watched twice and for how long. Time passes by moving the rows back, on the database's
 * own clock.
 */
@ExtendWith(PostgresExtension.class)
class WatchersTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Vertx vertx = Vertx.vertx();
    private StateStore state;
    private TestDatabase database;
    private Watchers watchers;

    @BeforeEach
    void open(TestDatabase database) {
        this.database = database;
        state = StateStore.open(vertx, PostgresUri.parse(database.uri(), Map.of()), false);
        state.ready().await();
        watchers = new Watchers(state);
        // One database for the class: each test starts with no watcher.
        database.sql().execute("DELETE FROM warden.watchers");
    }

    @AfterEach
    void close() {
        state.close().await();
        vertx.close().await();
    }

    @Test
    void shouldFindTheTargetsTwoNodesWatchAndNotTheOthers() {
        watchers.record("node-a", List.of("shop", "ledger", "billing"), TIMEOUT).await();
        watchers.record("node-b", List.of("ledger", "shop", "audit"), TIMEOUT).await();

        List<Watchers.DoubleWatch> found = watchers.doubleWatched(TIMEOUT).await();

        assertThat(found).extracting(Watchers.DoubleWatch::target).containsExactly("ledger", "shop");
        assertThat(found).allSatisfy(overlap -> {
            assertThat(overlap.nodes()).containsExactly("node-a", "node-b");
            assertThat(overlap.lasted()).isLessThan(TIMEOUT);
        });
    }

    @Test
    void shouldMeasureTheOverlapFromWhenTheSecondNodeBeganWatching() {
        watchers.record("node-a", List.of("shop"), TIMEOUT).await();
        watchers.record("node-b", List.of("shop"), TIMEOUT).await();
        // node-a has watched shop for a minute, node-b for 7 s; both were seen just now.
        database.sql().execute("UPDATE warden.watchers SET since = now() - CASE node WHEN 'node-a' THEN interval '60 s'"
                + " ELSE interval '7 s' END");

        Watchers.DoubleWatch overlap = watchers.doubleWatched(TIMEOUT).await().get(0);

        assertThat(overlap.lasted()).isBetween(Duration.ofSeconds(7), Duration.ofSeconds(8));
        assertThat(overlap.lasted()).isGreaterThan(TIMEOUT);
    }

    @Test
    void shouldNotCountANodeNotSeenWithinTheHeartbeatTimeout() {
        watchers.record("node-a", List.of("shop"), TIMEOUT).await();
        watchers.record("dead", List.of("shop"), TIMEOUT).await();
        // A node killed 6 s ago: its row stays, no longer fresh.
        database.sql().execute("UPDATE warden.watchers SET seen_at = now() - interval '6 s', since = now() - interval '1 h'"
                + " WHERE node = 'dead'");

        assertThat(watchers.doubleWatched(TIMEOUT).await()).isEmpty();
    }

    @Test
    void shouldStartANewStretchWhenAStaleNodeWatchesAgain() {
        watchers.record("node-a", List.of("shop"), TIMEOUT).await();
        watchers.record("frozen", List.of("shop"), TIMEOUT).await();
        // Both have watched shop for an hour, but "frozen" was not seen for 30 s (SIGSTOP) and now writes again.
        database.sql().execute("UPDATE warden.watchers SET since = now() - interval '1 h'");
        database.sql().execute("UPDATE warden.watchers SET seen_at = now() - interval '30 s' WHERE node = 'frozen'");
        watchers.record("frozen", List.of("shop"), TIMEOUT).await();

        Watchers.DoubleWatch overlap = watchers.doubleWatched(TIMEOUT).await().get(0);

        assertThat(overlap.lasted()).as("the overlap began when the frozen node woke up").isLessThan(TIMEOUT);
    }

    @Test
    void shouldKeepOnlyWhatANodeWatchesNowAndForgetANodeThatStops() {
        watchers.record("node-a", List.of("shop", "ledger"), TIMEOUT).await();
        watchers.record("node-b", List.of("shop", "ledger"), TIMEOUT).await();
        database.sql().execute("UPDATE warden.watchers SET since = now() - interval '1 min'");

        watchers.record("node-b", List.of("ledger"), TIMEOUT).await();
        assertThat(rows()).containsExactly("ledger:node-a", "ledger:node-b", "shop:node-a");
        assertThat(watchers.doubleWatched(TIMEOUT).await()).singleElement().satisfies(overlap -> {
            assertThat(overlap.target()).isEqualTo("ledger");
            assertThat(overlap.lasted()).as("a refreshed row keeps its stretch").isGreaterThan(TIMEOUT);
        });

        watchers.record("node-b", List.of(), TIMEOUT).await();
        assertThat(rows()).containsExactly("ledger:node-a", "shop:node-a");
        watchers.forget("node-a").await();
        assertThat(rows()).isEmpty();
    }

    private List<String> rows() {
        return database.sql().queryColumn("SELECT target || ':' || node FROM warden.watchers ORDER BY 1");
    }
}
