package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.daemon.cluster.Rendezvous;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 16: two Warden nodes share a target; the owner is SIGKILLed in the middle of a rollback (held
 * after a step by the WARDEN_TEST_HALT_AFTER_STEP failpoint), and the other node, which gains the target,
 * resumes the rollback from the journal: it succeeds, every row is back, no step started twice, one rollback.
 * Trials: {@code -Dwarden.cluster.trials} (default 2, one per kill point), seed: {@code -Dwarden.cluster.seed}
 * (which kill point comes first, how many rows the bad migration deletes); both printed. Longer runs:
 * {@code scripts/stress cluster-rollback 20 SEED}.
 */
class ClusterRollbackResumeTest {
    private static final int TRIALS = Integer.getInteger("warden.cluster.trials", 2);
    private static final long SEED = Long.getLong("warden.cluster.seed", System.nanoTime());
    /** Where the owner is killed: a strategy and the step after which it halts. */
    private static final List<Arguments> KILL_POINTS = List.of(Arguments.of("branch_swap", "rename_target_aside"),
            Arguments.of("full_rollback", "branch_swap.restore_backup"));
    private static final Path WORK = PostgresServer.workDirectory().resolve("cluster-resume-" + ProcessHandle.current().pid());
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

    /** Every kill point in turn, from one the seed picks, each with a seeded number of rows lost. */
    static Stream<Arguments> trials() {
        System.out.println("ClusterRollbackResumeTest: seed " + SEED + ", " + TRIALS + " trial(s)");
        Random random = new Random(SEED);
        int first = random.nextInt(KILL_POINTS.size());
        return IntStream.range(0, TRIALS).mapToObj(trial -> {
            Object[] point = KILL_POINTS.get((first + trial) % KILL_POINTS.size()).get();
            return Arguments.of(point[0], point[1], 1 + random.nextInt(999));
        });
    }

    @ParameterizedTest(name = "{0} killed after {1}, {2} row(s) lost")
    @MethodSource("trials")
    void shouldHaveTheNewOwnerFinishTheDeadOwnersRollback(String strategy, String step, int lost) throws Exception {
        String database = "shop_" + (++run);
        Sql admin = new Sql(server.address("postgres"));
        admin.execute("CREATE DATABASE " + database);
        Sql shop = new Sql(server.address(database));
        shop.execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 1000)");
        List<String> names = List.of("node-a", "node-b");
        String owner = Rendezvous.owner("shop", names.stream().map(n -> new Rendezvous.Member(n, 1)).toList())
                .orElseThrow();
        String heir = names.stream().filter(n -> !n.equals(owner)).findFirst().orElseThrow();
        List<Integer> memberPorts = List.of(WardenProcess.freePort(), WardenProcess.freePort());
        Map<String, Integer> httpPorts = Map.of("node-a", WardenProcess.freePort(), "node-b", WardenProcess.freePort());
        Map<String, Path> configs = new java.util.HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            configs.put(name, Files.writeString(Files.createDirectories(WORK).resolve(database + "-" + name + ".yaml"), """
                    server: {port: %d}
                    state: {url: "%s"}
                    cluster:
                      enabled: true
                      node_name: %s
                      port: %d
                      members: ["127.0.0.1:%d", "127.0.0.1:%d"]
                    targets:
                      - name: shop
                        url: "%s"
                        critical_tables: [orders]
                        heartbeat_interval: 500ms
                        snapshots: {schedule: "off", backup: clone}
                        checks: {row_count_drift: {enabled: false}, corruption: {enabled: false}}
                    """.formatted(httpPorts.get(name), server.address("warden_" + database).uri(), name,
                    memberPorts.get(i), memberPorts.get(0), memberPorts.get(1), server.address(database).uri())));
        }
        String ownerUrl = "http://127.0.0.1:" + httpPorts.get(owner);
        String heirUrl = "http://127.0.0.1:" + httpPorts.get(heir);
        String rollbackId;

        try (WardenProcess successor = WardenProcess.start(WORK.resolve(database + "-" + heir + ".log"), Map.of(),
                "run", "--config", configs.get(heir).toString())) {
            try (WardenProcess doomed = WardenProcess.start(WORK.resolve(database + "-" + owner + ".log"),
                    Map.of("WARDEN_TEST_HALT_AFTER_STEP", step), "run", "--config", configs.get(owner).toString())) {
                // Both see each other, and the owner watches the target.
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertThat(doomed.isAlive()).as(doomed.output()).isTrue();
                    HttpProbe.Response ready = HttpProbe.get(ownerUrl + "/health/ready");
                    assertThat(ready.status()).as(ready.body()).isEqualTo(200);
                    assertThat(new JsonObject(ready.body()).getJsonObject("cluster").getJsonArray("members")).hasSize(2);
                    HttpProbe.Response other = HttpProbe.get(heirUrl + "/api/targets");
                    assertThat(other.status()).isEqualTo(200);
                    assertThat(new JsonObject(other.body()).getJsonArray("targets").getJsonObject(0).getString("owner"))
                            .isEqualTo(owner);
                });
                HttpResponse<String> snapshot = post(ownerUrl + "/api/targets/shop/snapshots", new JsonObject());
                assertThat(snapshot.statusCode()).as(snapshot.body() + "\n" + doomed.output()).isEqualTo(201);
                shop.execute("DELETE FROM orders WHERE id <= " + lost);
                HttpClient.newHttpClient().sendAsync(request(ownerUrl + "/api/targets/shop/rollbacks",
                        new JsonObject().put("strategy", strategy).put("dry_run", false)),
                        HttpResponse.BodyHandlers.ofString());
                await().atMost(Duration.ofSeconds(60)).until(() -> doomed.output().contains("failpoint: halted after step "
                        + step));
                rollbackId = doomed.output().replaceAll("(?s).*failpoint: halted after step " + step
                        + " of rollback (\\S+).*", "$1");
                doomed.kill();
            }

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(successor.isAlive()).as(successor.output()).isTrue();
                HttpProbe.Response rollback = HttpProbe.get(heirUrl + "/api/rollbacks/" + rollbackId);
                assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
                assertThat(new JsonObject(rollback.body()).getString("status")).as(rollback.body()).isEqualTo("succeeded");
            });
            assertThat(successor.output()).contains("Rollback " + rollbackId + " of shop was left running by another node");
            assertThat(successor.terminate(Duration.ofSeconds(30))).isZero();
        }

        assertThat(shop.queryLong("SELECT count(*) FROM orders")).as("every row is back").isEqualTo(1000);
        Sql state = new Sql(server.address("warden_" + database));
        assertThat(state.queryLong("SELECT count(*) FROM (SELECT position FROM warden.rollback_steps WHERE rollback_id = '"
                + rollbackId + "' AND event = 'started' GROUP BY position HAVING count(*) > 1) twice"))
                .as("no step started twice").isZero();
        assertThat(state.queryLong("SELECT count(*) FROM warden.rollbacks")).as("one rollback").isEqualTo(1);
    }

    private static HttpResponse<String> post(String url, JsonObject body) throws Exception {
        return HttpClient.newHttpClient().send(request(url, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String url, JsonObject body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
    }
}
