package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.daemon.alert.AlertmanagerProcess;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12: the server holding the state database is away when Warden starts. Warden waits for it
 * (live, not ready, saying what it waits for, alerting) and becomes ready once it is back, in the same
 * process. The state server is a dedicated one the test stops and starts; the target lives on the
 * shared server and stays up.
 */
@ExtendWith(PostgresExtension.class)
class StateStoreStartupTest {
    private static final Path WORK = PostgresServer.workDirectory().resolve("state-startup-" + ProcessHandle.current().pid());
    private static final String PASSWORD = "never-print-me";
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Pattern ATTEMPT = Pattern.compile("\\(attempt (\\d+), next in ");

    private EmbeddedServer stateServer;
    private AlertmanagerProcess alertmanager;

    @AfterEach
    void tearDown() {
        if (alertmanager != null) {
            alertmanager.close();
        }
        if (stateServer != null) {
            stateServer.close();
        }
    }

    @Test
    void shouldWaitForAStateStoreThatIsDownAtStartAndBecomeReadyWhenItReturns(TestDatabase target) throws Exception {
        stateServer = EmbeddedServer.start(WORK.resolve("state-server"), EmbeddedServer.CLASSPATH_MAJOR);
        stateServer.stop();
        alertmanager = AlertmanagerProcess.prepare("state-startup", "http://127.0.0.1:9/").start();
        PgAddress state = stateServer.address("warden");
        String stateUrl = new PgAddress(state.host(), state.port(), state.user(), PASSWORD, state.database()).uri();
        String where = "state store at " + state.host() + ":" + state.port() + "/warden";
        int port = WardenProcess.freePort();
        String base = "http://127.0.0.1:" + port;
        Path config = Files.createDirectories(WORK).resolve("warden.yaml");
        Files.writeString(config, """
                server: {port: %d, log_format: json}
                state: {url: "%s"}
                alerting: {alertmanagers: ["%s"], resend_interval: 200ms}
                targets:
                  - {name: app, url: "%s", heartbeat_interval: 200ms}
                """.formatted(port, stateUrl, alertmanager.url(), target.uri()));

        try (WardenProcess warden = WardenProcess.start(WORK.resolve("warden.log"), Map.of(), "run", "--config",
                config.toString())) {
            await("/health/live answering").atMost(LIMIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(HttpProbe.get(base + "/health/live").status()).isEqualTo(200));

            // Waiting: live, not ready, and the body names the state store with its attempt.
            AtomicReference<JsonObject> waiting = new AtomicReference<>();
            await("Warden waiting for the state store").atMost(LIMIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertLive(warden, base);
                HttpProbe.Response ready = HttpProbe.get(base + "/health/ready");
                assertThat(ready.status()).isEqualTo(503);
                JsonObject body = new JsonObject(ready.body());
                assertThat(body.getString("status")).isEqualTo("waiting");
                assertThat(body.getJsonArray("waiting_for").getString(0)).startsWith(where + ": ").contains("(attempt ");
                waiting.set(body);
            });
            assertThat(waiting.get().encode()).doesNotContain(PASSWORD);
            HttpProbe.Response decisions = HttpProbe.get(base + "/api/decisions");
            assertThat(decisions.status()).as(decisions.body()).isEqualTo(503);
            assertThat(new JsonObject(decisions.body()).getString("error")).contains("the state store is not open yet")
                    .contains(where).doesNotContain(PASSWORD);
            await("the state store shown down and alerted").atMost(LIMIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertLive(warden, base);
                assertThat(stateStoreUp(base)).isEqualTo(0.0);
                assertThat(stateStoreAlerts()).hasSize(1);
            });

            // A few seconds of waiting: at least three attempts have failed (0.5 s, 1 s, 2 s apart).
            await("the third attempt").atMost(LIMIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertLive(warden, base);
                String waitingFor = new JsonObject(HttpProbe.get(base + "/health/ready").body()).getJsonArray("waiting_for")
                        .getString(0);
                Matcher attempt = ATTEMPT.matcher(waitingFor);
                assertThat(attempt.find()).as(waitingFor).isTrue();
                assertThat(Integer.parseInt(attempt.group(1))).isGreaterThanOrEqualTo(3);
            });
            stateServer.start();

            await("ready without a restart").atMost(LIMIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertLive(warden, base);
                HttpProbe.Response ready = HttpProbe.get(base + "/health/ready");
                assertThat(ready.status()).as(ready.body()).isEqualTo(200);
                assertThat(new JsonObject(ready.body()).getJsonArray("waiting_for")).isEmpty();
            });
            await("the state store shown up and the alert resolved").atMost(LIMIT).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        assertLive(warden, base);
                        assertThat(stateStoreUp(base)).isEqualTo(1.0);
                        assertThat(stateStoreAlerts()).isEmpty();
                    });
            assertThat(HttpProbe.get(base + "/api/decisions").status()).isEqualTo(200);

            List<JsonObject> log = warden.output().lines().filter(line -> line.startsWith("{")).map(JsonObject::new).toList();
            List<JsonObject> attempts = log.stream()
                    .filter(line -> line.getString("formattedMessage", "").startsWith("Waiting for " + where + ": ")).toList();
            assertThat(attempts).as(warden.output()).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(line -> assertThat(line.getString("level")).isEqualTo("WARN"));
            assertThat(attempts.get(2).getString("formattedMessage")).contains("(attempt 3, next in 2 s)");
            assertThat(warden.output()).doesNotContain(PASSWORD);
            assertThat(log).as("no stack trace in the log").allSatisfy(line -> assertThat(line.getValue("throwable")).isNull());
            assertThat(warden.terminate(Duration.ofSeconds(10))).isZero();
        }
    }

    private static void assertLive(WardenProcess warden, String base) {
        assertThat(warden.isAlive()).as(warden.output()).isTrue();
        assertThat(HttpProbe.get(base + "/health/live").status()).isEqualTo(200);
    }

    private static double stateStoreUp(String base) {
        return MetricsText.value(HttpProbe.get(base + "/metrics").body(), "warden_state_store_up").orElse(-1);
    }

    private List<Object> stateStoreAlerts() {
        JsonArray alerts = alertmanager.alerts();
        return alerts.stream().filter(a -> ((JsonObject) a).getJsonObject("labels").getString("alertname")
                .equals("WardenStateStoreDown")).toList();
    }
}
