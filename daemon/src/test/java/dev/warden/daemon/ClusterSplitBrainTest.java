package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16, split brain: two real Warden processes that do not see each other (each a one-node cluster:
 * its members list leaves the other out, as a network partition would) share one state database and the
 * same targets, so both watch every target. The state database shows it: both nodes' metric counts the
 * targets watched twice, each target's WardenSplitBrain alert reaches a real webhook once the overlap
 * has lasted longer than the heartbeat timeout, naming both nodes, and resolves when one node stops.
 */
@ExtendWith(PostgresExtension.class)
class ClusterSplitBrainTest {
    private static final Path WORK = PostgresServer.workDirectory().resolve("split-brain-" + ProcessHandle.current().pid());
    private static final List<String> TARGETS = List.of("t0", "t1", "t2", "t3");
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

    private final List<WardenProcess> processes = new ArrayList<>();
    private final List<JsonObject> hooks = new CopyOnWriteArrayList<>();
    private HttpServer webhook;

    @AfterEach
    void stopAll() {
        processes.forEach(WardenProcess::close);
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    @Test
    void shouldAlertOnTargetsTwoNodesWatchBeyondTheHeartbeatTimeoutAndResolveWhenOneStops(TestDatabase server)
            throws Exception {
        Sql admin = new Sql(server.server().admin());
        for (String target : TARGETS) {
            admin.execute("DROP DATABASE IF EXISTS \"" + database(server, target) + "\" WITH (FORCE)");
            admin.execute("CREATE DATABASE \"" + database(server, target) + "\"");
        }
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hooks", exchange -> {
            hooks.add(new JsonObject(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        String stateUrl = server.address().withDatabase(server.name() + "_state").uri();
        String targetYaml = TARGETS.stream().map(target -> """
                  - name: %s
                    url: "%s"
                    snapshots: {schedule: "off"}
                    checks:
                      corruption: {enabled: false}
                      schema_drift: {enabled: false}
                      migration_duration: {enabled: false}
                      lock_waits: {enabled: false}
                """.formatted(target, server.address().withDatabase(database(server, target)).uri()))
                .collect(Collectors.joining());
        Files.createDirectories(WORK);
        List<String> urls = new ArrayList<>();
        for (String node : List.of("node-a", "node-b")) {
            int httpPort = WardenProcess.freePort();
            int clusterPort = WardenProcess.freePort();
            Path config = WORK.resolve(node + ".yaml");
            // Each node's members list names only itself: two clusters of one, as on both sides of a partition.
            Files.writeString(config, """
                    server: {port: %d}
                    state: {url: "%s"}
                    alerting:
                      webhooks: [{url: "http://127.0.0.1:%d/hooks"}]
                    cluster:
                      enabled: true
                      node_name: %s
                      port: %d
                      members: ["127.0.0.1:%d"]
                      heartbeat_interval: 1s
                      heartbeat_timeout: %ds
                    targets:
                    %s""".formatted(httpPort, stateUrl, webhook.getAddress().getPort(), node, clusterPort, clusterPort,
                    HEARTBEAT_TIMEOUT.toSeconds(), targetYaml));
            processes.add(WardenProcess.start(WORK.resolve(node + ".log"), Map.of(), "run", "--config", config.toString()));
            urls.add("http://127.0.0.1:" + httpPort);
        }
        try {
            // Both watch every target, and both read from the state database that every target is watched twice.
            for (String url : urls) {
                await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    String metrics = HttpProbe.get(url + "/metrics").body();
                    for (String target : TARGETS) {
                        assertThat(MetricsText.value(metrics, "warden_target_owned{target=\"" + target + "\"}"))
                                .as(url + " watches " + target).hasValue(1.0);
                    }
                    assertThat(MetricsText.value(metrics, "warden_cluster_double_watched_targets")).as(url)
                            .hasValue(TARGETS.size());
                });
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> TARGETS.stream().allMatch(t -> !firing(t).isEmpty()));
            for (String target : TARGETS) {
                JsonObject alert = firing(target).get(0);
                assertThat(alert.getJsonObject("labels").getMap()).containsEntry("severity", "warning")
                        .containsEntry("target", target);
                assertThat(alert.getJsonObject("annotations").getString("nodes")).isEqualTo("node-a, node-b");
                Instant since = Instant.parse(alert.getJsonObject("annotations").getString("since"));
                assertThat(Duration.between(since, Instant.parse(alert.getString("startsAt"))))
                        .as("raised only once the overlap outlasted the heartbeat timeout")
                        .isGreaterThan(HEARTBEAT_TIMEOUT);
            }
            assertThat(hooks).as("nothing resolved while both watch").noneMatch(h -> h.getString("status").equals("resolved"));

            // node-b stops: node-a watches alone, and resolves what it raised.
            assertThat(processes.get(1).terminate(Duration.ofSeconds(60))).isZero();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String target : TARGETS) {
                    assertThat(hooks.stream().filter(h -> isSplitBrain(h, target)).reduce((first, last) -> last)
                            .map(h -> h.getString("status"))).as(target).hasValue("resolved");
                }
                assertThat(MetricsText.value(HttpProbe.get(urls.get(0) + "/metrics").body(),
                        "warden_cluster_double_watched_targets")).hasValue(0.0);
            });
            assertThat(new Sql(server.address().withDatabase(server.name() + "_state"))
                    .queryColumn("SELECT DISTINCT node FROM warden.watchers"))
                    .as("a node that stops removes its rows").containsExactly("node-a");
        } finally {
            for (WardenProcess process : processes) {
                if (process.isAlive()) {
                    process.terminate(Duration.ofSeconds(60));
                }
            }
            for (String target : TARGETS) {
                admin.execute("DROP DATABASE IF EXISTS \"" + database(server, target) + "\" WITH (FORCE)");
            }
            admin.execute("DROP DATABASE IF EXISTS \"" + server.name() + "_state\" WITH (FORCE)");
        }
    }

    private List<JsonObject> firing(String target) {
        return hooks.stream().filter(h -> isSplitBrain(h, target) && h.getString("status").equals("firing")).toList();
    }

    private static boolean isSplitBrain(JsonObject hook, String target) {
        return "WardenSplitBrain".equals(hook.getString("alertname"))
                && target.equals(hook.getJsonObject("labels").getString("target"));
    }

    private static String database(TestDatabase server, String target) {
        return server.name() + "_" + target;
    }
}
