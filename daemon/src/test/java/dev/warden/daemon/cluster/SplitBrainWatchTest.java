package dev.warden.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.AlertingConfig;
import dev.warden.config.PostgresUri;
import dev.warden.daemon.alert.Alert;
import dev.warden.daemon.alert.AlertEntry;
import dev.warden.daemon.alert.Alerts;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.state.StateStore;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16, split brain, on one node "a" that watches every target (alone in its own view) and a real
 * state database in which another node "b" records what it watches: the alert waits for the heartbeat
 * timeout and resolves when b is gone, and a split-brain alert loaded from the shared outbox, or raised
 * by a node that stopped before this one raised it too, is resolved once its overlap is over, so that no
 * node keeps re-sending it.
 */
@ExtendWith(PostgresExtension.class)
class SplitBrainWatchTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final List<String> TARGETS = List.of("shop", "ledger");

    private final Vertx vertx = Vertx.vertx();
    private StateStore state;
    private Watchers watchers;
    private Ownership ownership;
    private TestDatabase database;

    @BeforeEach
    void open(TestDatabase database) {
        this.database = database;
        state = StateStore.open(vertx, PostgresUri.parse(database.uri(), Map.of()), false);
        state.ready().await();
        database.sql().execute("DELETE FROM warden.watchers; TRUNCATE warden.alerts CASCADE");
        watchers = new Watchers(state);
        ownership = new Ownership(vertx.getOrCreateContext(), new Alone(), TARGETS, new Ownership.Handover() {
            @Override
            public Future<Void> gain(String target) {
                return Future.succeededFuture();
            }

            @Override
            public Future<Void> lose(String target) {
                return Future.succeededFuture();
            }
        });
        ownership.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> TARGETS.stream().allMatch(ownership::watching));
    }

    @AfterEach
    void close() {
        state.close().await();
        vertx.close().await();
    }

    @Test
    void shouldAlertOnlyAfterTheHeartbeatTimeoutAndResolveWhenTheOtherNodeIsGone() {
        Alerts alerts = deployAlerts();
        SplitBrainWatch watch = new SplitBrainWatch(ownership, watchers, alerts, INTERVAL, TIMEOUT);
        vertx.deployVerticle(watch).await();

        // b watches shop too, and keeps saying so.
        AlertEntry raised = await().atMost(Duration.ofSeconds(60)).until(() -> {
            watchers.record("b", List.of("shop"), TIMEOUT).await();
            return splitBrain(alerts, "shop");
        }, found -> found.isPresent() && found.get().firing()).orElseThrow();

        assertThat(watch.doubleWatched()).isEqualTo(1);
        assertThat(raised.alert().annotation("nodes")).isEqualTo("a, b");
        Instant since = Instant.parse(raised.alert().annotation("since"));
        assertThat(Duration.between(since, raised.startsAt())).as("raised once the overlap outlasted the timeout")
                .isGreaterThan(TIMEOUT);
        assertThat(splitBrain(alerts, "ledger")).as("a alone watches ledger").isEmpty();

        watchers.forget("b").await();
        await().atMost(Duration.ofSeconds(30)).until(() -> splitBrain(alerts, "shop").map(e -> !e.firing()).orElse(false));
        assertThat(watch.doubleWatched()).isZero();
    }

    @Test
    void shouldResolveASplitBrainAlertLoadedFromTheOutboxWhoseOverlapEnded() {
        // Another node raised it and is gone; this node loads it with the rest of the outbox at start.
        Alerts before = deployAlerts();
        before.fire(Alert.splitBrain("ledger", List.of("a", "b"), Instant.now().minusSeconds(60), TIMEOUT)).await();
        Alerts alerts = deployAlerts();
        assertThat(splitBrain(alerts, "ledger")).hasValueSatisfying(entry -> assertThat(entry.firing()).isTrue());

        vertx.deployVerticle(new SplitBrainWatch(ownership, watchers, alerts, INTERVAL, TIMEOUT)).await();

        await().atMost(Duration.ofSeconds(30)).until(() -> splitBrain(alerts, "ledger").map(e -> !e.firing()).orElse(false));
    }

    @Test
    void shouldResolveASplitBrainAlertAnotherNodeRaisedWhenItsOverlapEnds() {
        // Two nodes of a cluster share the outbox. b raised the alert and stopped (which ends the overlap)
        // before this node raised it too: here this node's overlap never outlasts its timeout.
        Alerts alerts = deployAlerts(Optional.of("a"));
        Alerts other = deployAlerts(Optional.of("b"));
        SplitBrainWatch watch = new SplitBrainWatch(ownership, watchers, alerts, INTERVAL, Duration.ofMinutes(10));
        vertx.deployVerticle(watch).await();
        watchers.record("b", List.of("shop"), TIMEOUT).await();
        await().atMost(Duration.ofSeconds(30)).until(() -> watch.doubleWatched() == 1);
        other.fire(Alert.splitBrain("shop", List.of("a", "b"), Instant.now().minusSeconds(60), TIMEOUT)).await();

        await().during(INTERVAL.multipliedBy(5)).atMost(INTERVAL.multipliedBy(10))
                .until(() -> sharedStatus("shop").equals(List.of("firing")));

        watchers.forget("b").await();
        await().atMost(Duration.ofSeconds(30)).until(() -> sharedStatus("shop").equals(List.of("resolved")));
    }

    private List<String> sharedStatus(String target) {
        return database.sql().queryColumn("SELECT status FROM warden.alerts WHERE alertname = '" + Alert.SPLIT_BRAIN
                + "' AND labels->>'target' = '" + target + "'");
    }

    private Alerts deployAlerts() {
        return deployAlerts(Optional.empty());
    }

    /** @param clusterNode the node these alerts belong to, sharing the outbox with the others; empty for a lone Warden */
    private Alerts deployAlerts(Optional<String> clusterNode) {
        Alerts alerts = new Alerts(new AlertingConfig(List.of(), INTERVAL, Duration.ofMinutes(5), Duration.ofSeconds(1), "",
                List.of()), state, new WardenMetrics("test"), Clock.systemUTC(), () -> "", clusterNode);
        vertx.deployVerticle(alerts).await();
        return alerts;
    }

    private static Optional<AlertEntry> splitBrain(Alerts alerts, String target) {
        return alerts.current().await().stream()
                .filter(e -> e.alert().alertname().equals(Alert.SPLIT_BRAIN) && e.alert().label("target").equals(target))
                .findFirst();
    }

    /** This node, "a", sees no other member: one side of a partition. */
    private static final class Alone implements Membership {
        @Override
        public String self() {
            return "a";
        }

        @Override
        public List<Rendezvous.Member> members() {
            return List.of(new Rendezvous.Member("a", 1));
        }

        @Override
        public void onChange(Runnable listener) {
        }
    }
}
