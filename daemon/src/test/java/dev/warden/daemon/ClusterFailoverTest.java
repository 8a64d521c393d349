package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 16: three real Warden processes on loopback form a cluster over one state database and share
 * 30 targets. Every target is watched by exactly one live node (each node's /api/targets names the
 * owner, its /metrics says what it watches); after kill -9 the survivors agree and take over only the
 * dead node's targets; a hung node (SIGSTOP) loses its targets within the heartbeat timeout and the
 * cluster settles again after SIGCONT; a node (re)joining takes back its share and nothing else moves.
 * The reassignment times are logged ("reassigned in"), not asserted beyond the 20 s bound.
 */
@ExtendWith(PostgresExtension.class)
class ClusterFailoverTest {
    private static final Logger log = LoggerFactory.getLogger(ClusterFailoverTest.class);
    private static final Path WORK = PostgresServer.workDirectory().resolve("cluster-" + ProcessHandle.current().pid());
    private static final int NODES = 3;
    private static final int TARGETS = 30;
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);
    /** The bound: every target watched again by a live node within 20 s. */
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(20);

    private final List<Node> nodes = new ArrayList<>();

    /** One Warden process and what it needs to be started again under the same name. */
    private record Node(String name, int httpPort, Path config, WardenProcess[] process) {
        String url() {
            return "http://127.0.0.1:" + httpPort;
        }
    }

    /** One node's view: the members it sees, the owner it names for each target, the targets it watches. */
    private record View(List<String> members, Map<String, String> owners, Set<String> watching) {
    }

    @AfterEach
    void stopAll() {
        nodes.forEach(node -> {
            if (node.process()[0] != null) {
                try {
                    node.process()[0].signal("CONT");
                } catch (Exception e) {
                    // already gone
                }
                node.process()[0].close();
            }
        });
    }

    @Test
    void shouldKeepEveryTargetWatchedByExactlyOneLiveNode(TestDatabase server) throws Exception {
        List<String> targets = IntStream.range(0, TARGETS).mapToObj(i -> String.format("t%02d", i)).toList();
        Sql admin = new Sql(server.server().admin());
        for (String target : targets) {
            admin.execute("DROP DATABASE IF EXISTS \"" + server.name() + "_" + target + "\" WITH (FORCE)");
            admin.execute("CREATE DATABASE \"" + server.name() + "_" + target + "\"");
        }
        String stateUrl = server.address().withDatabase(server.name() + "_state").uri();
        List<Integer> memberPorts = IntStream.range(0, NODES).mapToObj(i -> WardenProcess.freePort()).toList();
        String members = memberPorts.stream().map(p -> "\"127.0.0.1:" + p + "\"").collect(Collectors.joining(", "));
        StringBuilder targetYaml = new StringBuilder();
        for (String target : targets) {
            targetYaml.append("""
                      - name: %s
                        url: "%s"
                        snapshots: {schedule: "off"}
                        checks:
                          corruption: {enabled: false}
                          schema_drift: {enabled: false}
                          migration_duration: {enabled: false}
                          lock_waits: {enabled: false}
                    """.formatted(target, server.address().withDatabase(server.name() + "_" + target).uri()));
        }
        Files.createDirectories(WORK);
        for (int i = 0; i < NODES; i++) {
            int httpPort = WardenProcess.freePort();
            Path config = WORK.resolve("node-" + i + ".yaml");
            Files.writeString(config, """
                    server: {port: %d}
                    state: {url: "%s"}
                    cluster:
                      enabled: true
                      node_name: node-%d
                      port: %d
                      members: [%s]
                      heartbeat_interval: 1s
                      heartbeat_timeout: %ds
                    targets:
                    %s""".formatted(httpPort, stateUrl, i, memberPorts.get(i), members, HEARTBEAT_TIMEOUT.toSeconds(),
                    targetYaml));
            nodes.add(new Node("node-" + i, httpPort, config, new WardenProcess[1]));
        }
        try {
            nodes.forEach(this::start);
            Map<String, String> settled = awaitSettled(nodes, Duration.ofSeconds(120));
            Map<String, Long> shares = settled.values().stream().collect(Collectors.groupingBy(o -> o, Collectors.counting()));
            log.info("Three nodes share the targets: {}", new TreeMap<>(shares));
            assertThat(shares).as("every node owns some targets").hasSize(NODES);
            assertThat(sessionsOnTargets(admin, server.name())).as("each target connected once (one pool each)")
                    .allSatisfy((target, sessions) -> assertThat(sessions).as(target).isBetween(1L, 2L));
            showsTheCluster(nodes.get(0), settled);

            List<Long> takeovers = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                Node victim = nodes.get(round % NODES);
                List<Node> survivors = nodes.stream().filter(n -> n != victim).toList();
                Set<String> victimsTargets = ownedBy(settled, victim.name());
                long killedAt = System.nanoTime();
                victim.process()[0].kill();
                Map<String, String> after = awaitSettled(survivors, TAKEOVER_BOUND);
                long millis = (System.nanoTime() - killedAt) / 1_000_000;
                takeovers.add(millis);
                log.info("Round {}: kill -9 of {} ({} targets): reassigned in {} ms", round + 1, victim.name(),
                        victimsTargets.size(), millis);
                Set<String> moved = targets.stream().filter(t -> !settled.get(t).equals(after.get(t)))
                        .collect(Collectors.toSet());
                assertThat(moved).as("only the dead node's targets move").isEqualTo(victimsTargets);

                // The same node joins again: it takes back exactly its share, nothing else moves.
                start(victim);
                Map<String, String> rejoined = awaitSettled(nodes, Duration.ofSeconds(90));
                assertThat(rejoined).as("a joining node takes its share back").isEqualTo(settled);
            }
            log.info("kill -9 reassignment times (ms): {}", takeovers);

            // A hung node: its targets move within the heartbeat timeout (plus detection), and come back after SIGCONT.
            Node hung = nodes.get(1);
            List<Node> others = nodes.stream().filter(n -> n != hung).toList();
            long stoppedAt = System.nanoTime();
            hung.process()[0].signal("STOP");
            awaitSettled(others, TAKEOVER_BOUND);
            long hangMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
            log.info("SIGSTOP of {}: reassigned in {} ms (heartbeat timeout {} s)", hung.name(), hangMillis,
                    HEARTBEAT_TIMEOUT.toSeconds());
            assertThat(hangMillis).as("not before the heartbeat timeout").isGreaterThanOrEqualTo(
                    HEARTBEAT_TIMEOUT.toMillis() - 1000);
            long resumedAt = System.nanoTime();
            hung.process()[0].signal("CONT");
            long[] doubleWatchSince = {-1};
            long[] longestDoubleWatch = {0};
            Map<String, String> healed = awaitSettled(nodes, Duration.ofSeconds(90), views -> {
                boolean twice = watchedTwice(views);
                long now = System.nanoTime();
                if (twice && doubleWatchSince[0] < 0) {
                    doubleWatchSince[0] = now;
                } else if (!twice && doubleWatchSince[0] >= 0) {
                    longestDoubleWatch[0] = Math.max(longestDoubleWatch[0], now - doubleWatchSince[0]);
                    doubleWatchSince[0] = -1;
                }
            });
            log.info("SIGCONT of {}: settled in {} ms; two nodes watched one target for at most {} ms", hung.name(),
                    (System.nanoTime() - resumedAt) / 1_000_000, longestDoubleWatch[0] / 1_000_000);
            assertThat(healed).as("the resumed node takes its share back").isEqualTo(settled);
            assertThat(Duration.ofNanos(longestDoubleWatch[0])).as("two nodes watching one target")
                    .isLessThanOrEqualTo(HEARTBEAT_TIMEOUT);
        } finally {
            for (Node node : nodes) {
                if (node.process()[0] != null) {
                    node.process()[0].signal("CONT");
                    node.process()[0].terminate(Duration.ofSeconds(30));
                    node.process()[0] = null;
                }
            }
            for (String target : targets) {
                admin.execute("DROP DATABASE IF EXISTS \"" + server.name() + "_" + target + "\" WITH (FORCE)");
            }
            admin.execute("DROP DATABASE IF EXISTS \"" + server.name() + "_state\" WITH (FORCE)");
        }
    }

    /** /health/ready, warden status and /metrics (promtool-clean) name the node, the members and the owners. */
    private static void showsTheCluster(Node node, Map<String, String> owners) throws Exception {
        long owned = owners.values().stream().filter(node.name()::equals).count();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpProbe.Response ready = HttpProbe.get(node.url() + "/health/ready");
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            JsonObject cluster = new JsonObject(ready.body()).getJsonObject("cluster");
            assertThat(cluster.getString("node")).isEqualTo(node.name());
            assertThat(cluster.getJsonArray("members")).containsExactly("node-0", "node-1", "node-2");
            assertThat(cluster.getLong("owned")).isEqualTo(owned);
        });
        CliRun cli = new CliRun();
        assertThat(cli.run(Map.of(), "status", "--url", node.url())).as(cli.output()).isZero();
        assertThat(cli.stdout()).contains("Cluster node " + node.name() + " owns " + owned + " of " + TARGETS
                + " targets; members: node-0, node-1, node-2");
        String other = owners.entrySet().stream().filter(e -> !e.getValue().equals(node.name())).findFirst()
                .map(e -> e.getKey() + " .*watched by " + e.getValue()).orElseThrow();
        assertThat(cli.stdout()).containsPattern(other);
        String exposition = HttpProbe.get(node.url() + "/metrics").body();
        assertThat(MetricsText.value(exposition, "warden_cluster_members")).hasValue(3.0);
        // Settled: every target has one watcher in the state database too (a handover's overlap lasts a heartbeat).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MetricsText.value(
                HttpProbe.get(node.url() + "/metrics").body(), "warden_cluster_double_watched_targets")).hasValue(0.0));
        assertThat(Promtool.checkMetrics(exposition)).as("promtool findings").isEmpty();
    }

    private void start(Node node) {
        node.process()[0] = WardenProcess.start(WORK.resolve(node.name() + "-" + System.nanoTime() + ".log"), Map.of(),
                "run", "--config", node.config().toString());
    }

    private Map<String, String> awaitSettled(List<Node> live, Duration limit) {
        return awaitSettled(live, limit, views -> { });
    }

    /**
     * Waits until every live node sees exactly the live nodes as members, all name the same owner for
     * every target, that owner is live and watches it, and no other node does; returns the owners.
     */
    private Map<String, String> awaitSettled(List<Node> live, Duration limit,
                                             java.util.function.Consumer<Map<String, View>> eachLook) {
        List<String> names = live.stream().map(Node::name).sorted().toList();
        Map<String, String>[] owners = new Map[1];
        await().atMost(limit).pollInterval(Duration.ofMillis(100)).pollDelay(Duration.ZERO).until(() -> {
            Map<String, View> views = new HashMap<>();
            for (Node node : live) {
                View view = view(node);
                if (view == null) {
                    return false;
                }
                views.put(node.name(), view);
            }
            eachLook.accept(views);
            View first = views.values().iterator().next();
            if (!views.values().stream().allMatch(v -> v.members().equals(names) && v.owners().equals(first.owners()))) {
                return false;
            }
            for (Map.Entry<String, String> owner : first.owners().entrySet()) {
                if (owner.getValue() == null || !names.contains(owner.getValue())) {
                    return false;
                }
                long watchers = views.values().stream().filter(v -> v.watching().contains(owner.getKey())).count();
                if (watchers != 1 || !views.get(owner.getValue()).watching().contains(owner.getKey())) {
                    return false;
                }
            }
            owners[0] = first.owners();
            return first.owners().size() == TARGETS;
        });
        return owners[0];
    }

    private static boolean watchedTwice(Map<String, View> views) {
        Map<String, Integer> counts = new HashMap<>();
        views.values().forEach(v -> v.watching().forEach(t -> counts.merge(t, 1, Integer::sum)));
        return counts.values().stream().anyMatch(n -> n > 1);
    }

    /** The node's view over HTTP, or null while it does not answer. */
    private static View view(Node node) {
        HttpProbe.Response listing = HttpProbe.get(node.url() + "/api/targets");
        HttpProbe.Response metrics = HttpProbe.get(node.url() + "/metrics");
        if (listing.status() != 200 || metrics.status() != 200) {
            return null;
        }
        JsonObject body = new JsonObject(listing.body());
        JsonObject cluster = body.getJsonObject("cluster");
        List<String> members = cluster.getJsonArray("members").stream().map(String.class::cast).toList();
        Map<String, String> owners = new HashMap<>();
        Set<String> watching = new HashSet<>();
        JsonArray targets = body.getJsonArray("targets");
        for (int i = 0; i < targets.size(); i++) {
            JsonObject target = targets.getJsonObject(i);
            String name = target.getString("name");
            owners.put(name, target.getString("owner"));
            if (MetricsText.value(metrics.body(), "warden_target_owned{target=\"" + name + "\"}").orElse(0) == 1.0) {
                watching.add(name);
            }
        }
        return new View(members, owners, watching);
    }

    private static Set<String> ownedBy(Map<String, String> owners, String node) {
        return owners.entrySet().stream().filter(e -> e.getValue().equals(node)).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** Warden's sessions on each target database: one node's pool each, none from the others. */
    private static Map<String, Long> sessionsOnTargets(Sql admin, String prefix) {
        Map<String, Long> sessions = new TreeMap<>();
        for (int i = 0; i < TARGETS; i++) {
            String database = prefix + "_" + String.format("t%02d", i);
            sessions.put(database, admin.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database
                    + "' AND application_name LIKE 'warden%'"));
        }
        return sessions;
    }
}
