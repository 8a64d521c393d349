package dev.warden.daemon.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.warden.checks.CheckResult;
import dev.warden.config.AlertingConfig;
import dev.warden.config.PostgresUri;
import dev.warden.daemon.alert.Alert;
import dev.warden.daemon.alert.AlertEntry;
import dev.warden.daemon.alert.Alerts;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.state.StateStore;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Issue 14: a check that stays inconclusive for the same reason is said once in the log (it was said every
 * cycle for every target: 1,200 WARN lines in 2 minutes at 100 targets), and again when the reason changes
 * or after the check told again; its alert fires all the while.
 */
@ExtendWith(PostgresExtension.class)
class CouldNotTellLogTest {
    private static final String NO_SCHEMA = "no expected schema yet: it comes with the first snapshot";
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final Vertx vertx = Vertx.vertx();
    private final StateStore state;
    private final Alerts alerts;
    private final Judge judge;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger judgeLogger = (Logger) LoggerFactory.getLogger(Judge.class);

    CouldNotTellLogTest(TestDatabase database) {
        state = StateStore.open(vertx, PostgresUri.parse(database.uri(), Map.of()), false);
        state.ready().await();
        WardenMetrics metrics = new WardenMetrics("test");
        alerts = new Alerts(new AlertingConfig(List.of(), Duration.ofSeconds(60), Duration.ofMinutes(5),
                Duration.ofSeconds(1), "", List.of()), state, metrics, Clock.systemUTC());
        vertx.deployVerticle(alerts).await();
        judge = new Judge(new CheckMetrics(metrics, Clock.systemUTC()), alerts, new AfterRollbacks());
        // Only what the judge shows is under test here: no decider.
        judge.holdDecisionsWhile(target -> true);
        log.start();
        judgeLogger.addAppender(log);
    }

    @AfterEach
    void close() {
        judgeLogger.detachAppender(log);
        state.close().await();
        vertx.close().await();
    }

    @Test
    void shouldSayCouldNotTellOnceWhileTheReasonStaysAndAgainWhenItChanges() {
        for (int cycle = 0; cycle < 3; cycle++) {
            judge.accept("shop", inconclusive(NO_SCHEMA), Duration.ZERO);
            judge.accept("billing", inconclusive(NO_SCHEMA), Duration.ZERO);
        }
        assertThat(lines(Level.WARN)).containsExactly(
                "schema_drift on shop could not tell: " + NO_SCHEMA,
                "schema_drift on billing could not tell: " + NO_SCHEMA);
        await().atMost(LIMIT).until(() -> firing("shop") && firing("billing"));

        judge.accept("shop", inconclusive("timed out after 10 s"), Duration.ZERO);
        judge.accept("shop", inconclusive("timed out after 10 s"), Duration.ZERO);
        assertThat(lines(Level.WARN)).hasSize(3).last().isEqualTo("schema_drift on shop could not tell: timed out after 10 s");

        judge.accept("shop", CheckResult.ok("schema_drift", Instant.now(), "schema as expected", Map.of()), Duration.ZERO);
        assertThat(lines(Level.INFO)).containsExactly("schema_drift on shop can tell again: schema as expected");
        await().atMost(LIMIT).until(() -> !firing("shop") && firing("billing"));

        judge.accept("shop", inconclusive(NO_SCHEMA), Duration.ZERO);
        assertThat(lines(Level.WARN)).hasSize(4).last().isEqualTo("schema_drift on shop could not tell: " + NO_SCHEMA);
        await().atMost(LIMIT).until(() -> firing("shop"));
    }

    private static CheckResult inconclusive(String reason) {
        return CheckResult.inconclusive("schema_drift", Instant.now(), reason);
    }

    private boolean firing(String target) {
        return alerts.current().await().stream().filter(AlertEntry::firing).map(AlertEntry::alert)
                .anyMatch(alert -> alert.alertname().equals(Alert.CHECK_INCONCLUSIVE)
                        && target.equals(alert.labels().get("target")));
    }

    private List<String> lines(Level level) {
        return log.list.stream().filter(event -> event.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }
}
