package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.testing.PgAddress;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import dev.warden.daemon.cli.Main;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Warden as a real process: the embedded default, SIGTERM, exit codes, JSON logs. */
@ExtendWith(PostgresExtension.class)
class ProcessLifecycleTest {
    private static final Path WORK = PostgresServer.workDirectory().resolve("process-" + ProcessHandle.current().pid());

    @Test
    void shouldStopOnSigtermWithExitZeroAndLeaveNoSessions(TestDatabase target) throws Exception {
        int port = WardenProcess.freePort();
        Path config = Files.createDirectories(WORK).resolve("sigterm.yaml");
        Files.writeString(config, """
                server: {port: %d, log_format: json}
                state: {url: "%s"}
                targets:
                  - {name: app, url: "%s", heartbeat_interval: 200ms}
                """.formatted(port, target.address().withDatabase(target.name() + "_state").uri(), target.uri()));

        try (WardenProcess warden = WardenProcess.start(WORK.resolve("sigterm.log"), Map.of(),
                "run", "--config", config.toString())) {
            awaitReady(warden, port, Duration.ofSeconds(30));
            assertThat(WardenRunTest.wardenSessions(target.sql())).isPositive();
            String firstLogLine = warden.output().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
            assertThat(new JsonObject(firstLogLine).getString("level")).isNotBlank();

            assertThat(warden.terminate(Duration.ofSeconds(10))).isZero();
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> WardenRunTest.wardenSessions(target.sql()) == 0);
        new Sql(target.server().admin()).execute("DROP DATABASE IF EXISTS \"" + target.name() + "_state\" WITH (FORCE)");
    }

    @Test
    void shouldRunTheEmbeddedDefaultOnAFreshDataDirectoryAndReuseIt() throws Exception {
        Path home = WORK.resolve("home");
        Map<String, String> env = Map.of("WARDEN_HOME", home.toString());
        int port = WardenProcess.freePort();
        String metricsUrl = "http://127.0.0.1:" + port + "/metrics";

        try (WardenProcess first = WardenProcess.start(WORK.resolve("first.log"), env, "run", "--port", "" + port)) {
            // A fresh data directory: the binaries are unpacked and initdb runs first (15 s on a busy machine).
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(
                    MetricsText.value(HttpProbe.get(metricsUrl).body(), "warden_target_up{target=\"demo\"}"))
                    .as(first.output()).hasValue(1.0));
            // The target may answer before the state store is open; /health/ready says "waiting" until then,
            // at once rather than holding the request (issue 12).
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(HttpProbe.get("http://127.0.0.1:" + port + "/health/ready").status()).isEqualTo(200));
            // The banner follows the HTTP server by the rest of start-up (the state store's migrations, the outbox).
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(first.output()).contains("Created an embedded PostgreSQL").contains(metricsUrl)
                            .contains("try:       warden demo break"));
            showsWardenAtWork(first, "http://127.0.0.1:" + port);
            assertThat(first.terminate(Duration.ofSeconds(10))).isZero();
        }
        assertThat(home.resolve("postgres/data/PG_VERSION")).exists();

        try (WardenProcess second = WardenProcess.start(WORK.resolve("second.log"), env, "run", "--port", "" + port)) {
            awaitReady(second, port, Duration.ofSeconds(30));
            assertThat(second.output()).contains("Reusing the embedded PostgreSQL");
            String demoUrl = new JsonObject(HttpProbe.get("http://127.0.0.1:" + port + "/api/targets").body())
                    .getJsonArray("targets").getJsonObject(0).getString("url");
            // The demo rows were created once, not again.
            assertThat(new Sql(PgAddress.parse(demoUrl)).queryLong("SELECT count(*) FROM customers")).isEqualTo(200);
            // The checks wait for the stored baseline: schema_drift's first run has the expected schema.
            String runs = "warden_check_runs_total{check=\"schema_drift\",result=\"%s\",target=\"demo\"}";
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                String metrics = HttpProbe.get(metricsUrl).body();
                return List.of("ok", "breach", "inconclusive").stream()
                        .anyMatch(result -> MetricsText.value(metrics, runs.formatted(result)).orElse(0) > 0);
            });
            // The run is counted just before it is logged: the log stays free of it for a second after.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> !second.output().contains("no expected schema yet"));
            assertThat(second.terminate(Duration.ofSeconds(10))).isZero();
            assertThat(second.output()).as("the baseline is taken once").doesNotContain("Demo: baseline snapshot");
        }
    }

    /**
     * Issue 15: the demo has amcheck and a verified baseline with a clone at first start, and {@code warden
     * demo break} shows detection, decision, rollback and report on it.
     */
    private static void showsWardenAtWork(WardenProcess warden, String baseUrl) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(warden.output()).as(warden.output()).containsPattern(
                        "Demo: baseline snapshot \\d+ taken with a clone backup \\(verified\\)"));
        String demoUrl = new JsonObject(HttpProbe.get(baseUrl + "/api/targets").body())
                .getJsonArray("targets").getJsonObject(0).getString("url");
        Sql demo = new Sql(PgAddress.parse(demoUrl));
        assertThat(demo.queryLong("SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'")).isEqualTo(1);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"demo", "break", "--url", baseUrl}, Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));

        String said = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(said).isEqualTo(1);
        assertThat(said).contains("bad migration: deleting 4 orders in 5 from demo")
                .containsPattern("migration \\S+ failed: row_count_drift .*public.orders lost 800 rows")
                .contains("warden: decision: acting: rollback")
                .containsPattern("rollback \\S+ \\(\\w+\\): succeeded")
                .contains("warden: report: warden report ");
        assertThat(demo.queryLong("SELECT count(*) FROM orders")).as("every order back").isEqualTo(1000);
    }

    private static void awaitReady(WardenProcess warden, int port, Duration limit) {
        await().atMost(limit).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(warden.isAlive()).as(warden.output()).isTrue();
            assertThat(HttpProbe.get("http://127.0.0.1:" + port + "/health/ready").status()).isEqualTo(200);
        });
    }

}
