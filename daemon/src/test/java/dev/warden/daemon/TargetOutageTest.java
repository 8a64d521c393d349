package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The target is a second, dedicated server that the test stops and starts while Warden keeps
 * running; Warden's state lives on the shared server, so only the target goes away.
 */
@ExtendWith(PostgresExtension.class)
class TargetOutageTest {
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private EmbeddedServer targetServer;
    private Warden warden;

    @AfterEach
    void tearDown() {
        if (warden != null) {
            warden.stop();
        }
        if (targetServer != null) {
            targetServer.close();
        }
    }

    @Test
    void shouldReportTheTargetDownWithinAHeartbeatAndRecoverWithoutRestart(TestDatabase stateDatabase) {
        targetServer = EmbeddedServer.start(PostgresServer.workDirectory().resolve("outage-" + ProcessHandle.current().pid()),
                EmbeddedServer.CLASSPATH_MAJOR);
        WardenConfig config = ConfigLoader.parse("""
                server: {port: 0}
                state: {url: "%s"}
                targets:
                  - name: flaky
                    url: "%s"
                    heartbeat_interval: 1s
                    connection: {reconnect_initial_backoff: 100ms, reconnect_max_backoff: 500ms}
                """.formatted(stateDatabase.uri(), targetServer.address("postgres").uri()), "test", Map.of());
        warden = Warden.start(config, Clock.systemUTC());
        await().atMost(Duration.ofSeconds(5)).until(() -> targetUp() == 1.0 && readyStatus() == 200);

        targetServer.stop();
        long stoppedAt = System.nanoTime();
        // One heartbeat interval, plus slack for a loaded 2-core machine.
        await().atMost(HEARTBEAT.plusMillis(1000)).pollInterval(Duration.ofMillis(50))
                .until(() -> targetUp() == 0.0 && readyStatus() == 503);
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(HEARTBEAT.plusMillis(1000));
        assertThat(HttpProbe.get(warden.baseUrl() + "/health/ready").body()).contains("\"up\":false");

        targetServer.start();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> targetUp() == 1.0 && readyStatus() == 200);
    }

    /** Issue 12: a target that is down when Warden starts delays its readiness, never its start. */
    @Test
    void shouldStartWithTheTargetDownSayWhatItWaitsForAndBecomeReadyWhenItAnswers(TestDatabase stateDatabase) {
        targetServer = EmbeddedServer.start(PostgresServer.workDirectory().resolve("outage-start-" + ProcessHandle.current().pid()),
                EmbeddedServer.CLASSPATH_MAJOR);
        targetServer.stop();
        WardenConfig config = ConfigLoader.parse("""
                server: {port: 0}
                state: {url: "%s"}
                targets:
                  - name: flaky
                    url: "%s"
                    heartbeat_interval: 1s
                    connection: {reconnect_initial_backoff: 100ms, reconnect_max_backoff: 500ms}
                """.formatted(stateDatabase.uri(), targetServer.address("postgres").uri()), "test", Map.of());
        warden = Warden.start(config, Clock.systemUTC());
        String where = "target flaky at " + targetServer.address("postgres").host() + ":" + targetServer.port() + "/postgres: ";
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            HttpProbe.Response ready = HttpProbe.get(warden.baseUrl() + "/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            JsonObject body = new JsonObject(ready.body());
            assertThat(body.getString("status")).isEqualTo("waiting");
            assertThat(body.getJsonArray("waiting_for").getString(0)).startsWith(where).contains("(attempt ");
        });

        targetServer.start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> targetUp() == 1.0 && readyStatus() == 200);
        assertThat(new JsonObject(HttpProbe.get(warden.baseUrl() + "/health/ready").body()).getJsonArray("waiting_for"))
                .isEmpty();
    }

    private double targetUp() {
        return MetricsText.value(HttpProbe.get(warden.baseUrl() + "/metrics").body(), "warden_target_up{target=\"flaky\"}")
                .orElse(-1);
    }

    private int readyStatus() {
        return HttpProbe.get(warden.baseUrl() + "/health/ready").status();
    }
}
