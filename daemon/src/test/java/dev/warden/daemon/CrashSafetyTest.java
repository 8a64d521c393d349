package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Warden process is SIGKILLed right after each step of a branch_swap, then of a full_rollback, in turn (the
 * WARDEN_TEST_HALT_AFTER_STEP failpoint holds it there); a new process resumes the rollback at start.
 * Every run must end with every row back, no step started twice, and the rollback succeeded.
 */
class CrashSafetyTest {
    private static final Path WORK = PostgresServer.workDirectory().resolve("crash-" + ProcessHandle.current().pid());
    private static EmbeddedServer server;
    private static int run;

    @BeforeAll
    static void startServer() {
        server = EmbeddedServer.start(WORK.resolve("pg"), EmbeddedServer.CLASSPATH_MAJOR);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @ParameterizedTest(name = "{0} killed after {1}")
    @CsvSource({
            "branch_swap, restore_backup", "branch_swap, carry_over_owner_and_privileges", "branch_swap, verify_restore",
            "branch_swap, block_connections", "branch_swap, terminate_sessions", "branch_swap, rename_target_aside",
            "branch_swap, rename_restored_to_target", "branch_swap, allow_connections",
            "branch_swap, open_replaced_for_salvage", "branch_swap, verify_rollback",
            "full_rollback, read_only.set_default_read_only", "full_rollback, read_only.terminate_sessions",
            "full_rollback, branch_swap.restore_backup", "full_rollback, branch_swap.carry_over_owner_and_privileges",
            "full_rollback, keep_restore_read_only", "full_rollback, branch_swap.verify_restore",
            "full_rollback, branch_swap.block_connections", "full_rollback, branch_swap.terminate_sessions",
            "full_rollback, branch_swap.rename_target_aside", "full_rollback, branch_swap.rename_restored_to_target",
            "full_rollback, branch_swap.allow_connections", "full_rollback, branch_swap.open_replaced_for_salvage",
            "full_rollback, verify_rollback",
            "full_rollback, lift_read_only.reset_default_read_only", "full_rollback, lift_read_only.reconnect_idle_sessions"})
    void shouldFinishTheRollbackAfterAKillAtEachStep(String strategy, String step) throws Exception {
        String database = "shop_" + (++run);
        Sql admin = new Sql(server.address("postgres"));
        admin.execute("CREATE DATABASE " + database);
        Sql shop = new Sql(server.address(database));
        shop.execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 1000)");
        int port = WardenProcess.freePort();
        Path config = Files.writeString(Files.createDirectories(WORK).resolve(database + ".yaml"), """
                server: {port: %d}
                state: {url: "%s"}
                targets:
                  - name: shop
                    url: "%s"
                    critical_tables: [orders]
                    heartbeat_interval: 500ms
                    snapshots: {schedule: "off", backup: clone}
                    checks: {row_count_drift: {enabled: false}, corruption: {enabled: false}}
                """.formatted(port, server.address("warden").uri(), server.address(database).uri()));
        String base = "http://127.0.0.1:" + port;
        String rollbackId;

        try (WardenProcess doomed = WardenProcess.start(WORK.resolve(database + "-1.log"),
                Map.of("WARDEN_TEST_HALT_AFTER_STEP", step), "run", "--config", config.toString())) {
            awaitReady(doomed, base);
            HttpResponse<String> snapshot = post(base + "/api/targets/shop/snapshots", new JsonObject());
            assertThat(snapshot.statusCode()).as(snapshot.body() + "\n" + doomed.output()).isEqualTo(201);
            shop.execute("DELETE FROM orders WHERE id <= 400");
            HttpClient.newHttpClient().sendAsync(request(base + "/api/targets/shop/rollbacks",
                    new JsonObject().put("strategy", strategy).put("dry_run", false)), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(30)).until(() -> doomed.output().contains("failpoint: halted after step " + step));
            rollbackId = doomed.output().replaceAll("(?s).*failpoint: halted after step " + step + " of rollback (\\S+).*", "$1");
        } // closing sends SIGKILL

        try (WardenProcess successor = WardenProcess.start(WORK.resolve(database + "-2.log"), Map.of(),
                "run", "--config", config.toString())) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(successor.isAlive()).as(successor.output()).isTrue();
                HttpProbe.Response rollback = HttpProbe.get(base + "/api/rollbacks/" + rollbackId);
                assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
                assertThat(new JsonObject(rollback.body()).getString("status")).isEqualTo("succeeded");
            });
            assertThat(successor.terminate(Duration.ofSeconds(10))).isZero();
        }

        assertThat(shop.queryLong("SELECT count(*) FROM orders")).as("every row is back").isEqualTo(1000);
        shop.execute("INSERT INTO orders VALUES (5000)"); // and writes work again
        Sql state = new Sql(server.address("warden"));
        assertThat(state.queryLong("SELECT count(*) FROM (SELECT position FROM warden.rollback_steps WHERE rollback_id = '"
                + rollbackId + "' AND event = 'started' GROUP BY position HAVING count(*) > 1) twice"))
                .as("no step started twice").isZero();
        assertThat(admin.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE '" + database
                + "\\_\\_replaced\\_%'")).as("the damaged database is kept").isEqualTo(1);
    }

    private static void awaitReady(WardenProcess warden, String base) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(warden.isAlive()).as(warden.output()).isTrue();
            assertThat(HttpProbe.get(base + "/health/ready").status()).isEqualTo(200);
        });
    }

    private static HttpResponse<String> post(String url, JsonObject body) throws Exception {
        return HttpClient.newHttpClient().send(request(url, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String url, JsonObject body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
    }
}
