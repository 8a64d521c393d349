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
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16: on a cluster of two real Warden processes, a write about a target (a snapshot, a rollback
 * plan, an approval) sent to the node that does not own it is refused with 421 naming the owner, and `warden snapshot
 * create` says so; the owner carries it out, and reads are answered by either node.
 */
@ExtendWith(PostgresExtension.class)
class ClusterMisdirectedWriteTest {
    private static final Path WORK = PostgresServer.workDirectory().resolve("misdirected-" + ProcessHandle.current().pid());
    private static final List<String> TARGETS = List.of("t0", "t1", "t2", "t3", "t4", "t5");

    private final List<WardenProcess> processes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        processes.forEach(WardenProcess::close);
    }

    @Test
    void shouldRefuseAWriteAboutAnotherNodesTargetNamingTheOwner(TestDatabase server) throws Exception {
        Sql admin = new Sql(server.server().admin());
        for (String target : TARGETS) {
            admin.execute("DROP DATABASE IF EXISTS \"" + server.name() + "_" + target + "\" WITH (FORCE)");
            admin.execute("CREATE DATABASE \"" + server.name() + "_" + target + "\"");
        }
        String targetYaml = TARGETS.stream().map(target -> """
                  - name: %s
                    url: "%s"
                    snapshots: {schedule: "off"}
                    checks:
                      corruption: {enabled: false}
                      schema_drift: {enabled: false}
                      migration_duration: {enabled: false}
                      lock_waits: {enabled: false}
                """.formatted(target, server.address().withDatabase(server.name() + "_" + target).uri()))
                .collect(Collectors.joining());
        List<Integer> clusterPorts = List.of(WardenProcess.freePort(), WardenProcess.freePort());
        String members = clusterPorts.stream().map(p -> "\"127.0.0.1:" + p + "\"").collect(Collectors.joining(", "));
        Files.createDirectories(WORK);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String node = List.of("node-a", "node-b").get(i);
            int httpPort = WardenProcess.freePort();
            Path config = WORK.resolve(node + ".yaml");
            Files.writeString(config, """
                    server: {port: %d}
                    state: {url: "%s"}
                    cluster:
                      enabled: true
                      node_name: %s
                      port: %d
                      members: [%s]
                    targets:
                    %s""".formatted(httpPort, server.address().withDatabase(server.name() + "_state").uri(), node,
                    clusterPorts.get(i), members, targetYaml));
            processes.add(WardenProcess.start(WORK.resolve(node + ".log"), Map.of(), "run", "--config", config.toString()));
            urls.add("http://127.0.0.1:" + httpPort);
        }
        String nodeA = urls.get(0);
        try {
            // Both nodes see both members and are ready (the state store open, their own targets up).
            Map<String, String> owners = await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200))
                    .until(() -> urls.stream().allMatch(url -> HttpProbe.get(url + "/health/ready").status() == 200)
                            ? owners(nodeA) : null, found -> found != null && found.size() == TARGETS.size());
            String theirs = owners.entrySet().stream().filter(e -> e.getValue().equals("node-b")).findFirst().orElseThrow().getKey();
            String ours = owners.entrySet().stream().filter(e -> e.getValue().equals("node-a")).findFirst().orElseThrow().getKey();

            HttpProbe.Response snapshot = HttpProbe.post(nodeA + "/api/targets/" + theirs + "/snapshots", "{}");
            assertThat(snapshot.status()).as(snapshot.body()).isEqualTo(421);
            assertThat(new JsonObject(snapshot.body()).getString("error")).isEqualTo("target " + theirs
                    + " is owned by cluster node node-b, not by this one (node-a): send the request to node-b");
            assertThat(new JsonObject(snapshot.body()).getString("owner")).isEqualTo("node-b");
            HttpProbe.Response plan = HttpProbe.post(nodeA + "/api/targets/" + theirs + "/rollbacks",
                    "{\"strategy\": \"freeze\", \"dry_run\": true}");
            assertThat(plan.status()).as(plan.body()).isEqualTo(421);

            CliRun cli = new CliRun();
            assertThat(cli.run(Map.of(), "snapshot", "create", "--target", theirs, "--url", nodeA)).as(cli.output())
                    .isEqualTo(1);
            assertThat(cli.output()).contains("is owned by cluster node node-b", "send the request to node-b");

            assertThat(HttpProbe.post(nodeA + "/api/targets/" + ours + "/snapshots", "{}").status())
                    .as("the owner takes its own target's snapshot").isEqualTo(201);
            assertThat(HttpProbe.post(urls.get(1) + "/api/targets/" + theirs + "/snapshots", "{}").status())
                    .as("node-b takes its target's snapshot").isEqualTo(201);
            // An approval is addressed by the rollback's id: the rollback's target decides (freeze only pages a human).
            HttpProbe.Response frozen = HttpProbe.post(urls.get(1) + "/api/targets/" + theirs + "/rollbacks",
                    "{\"strategy\": \"freeze\", \"dry_run\": false}");
            assertThat(frozen.status()).as(frozen.body()).isEqualTo(201);
            HttpProbe.Response approve = HttpProbe.post(nodeA + "/api/rollbacks/"
                    + new JsonObject(frozen.body()).getString("id") + "/approve", "{}");
            assertThat(approve.status()).as(approve.body()).isEqualTo(421);
            assertThat(new JsonObject(approve.body()).getString("owner")).isEqualTo("node-b");

            HttpProbe.Response listed = HttpProbe.get(nodeA + "/api/targets/" + theirs + "/snapshots");
            assertThat(listed.status()).as("reads are answered by any node").isEqualTo(200);
            assertThat(new JsonObject(listed.body()).getJsonArray("snapshots")).hasSize(1);
        } finally {
            for (WardenProcess process : processes) {
                process.terminate(Duration.ofSeconds(60));
            }
            for (String target : TARGETS) {
                admin.execute("DROP DATABASE IF EXISTS \"" + server.name() + "_" + target + "\" WITH (FORCE)");
            }
            admin.execute("DROP DATABASE IF EXISTS \"" + server.name() + "_state\" WITH (FORCE)");
        }
    }

    /** The owners node-a names once it sees both members; empty before. */
    private static Map<String, String> owners(String url) {
        HttpProbe.Response listing = HttpProbe.get(url + "/api/targets");
        if (listing.status() != 200) {
            return Map.of();
        }
        JsonObject body = new JsonObject(listing.body());
        if (body.getJsonObject("cluster").getJsonArray("members").size() != 2) {
            return Map.of();
        }
        JsonArray targets = body.getJsonArray("targets");
        Map<String, String> owners = new java.util.HashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            String owner = targets.getJsonObject(i).getString("owner");
            if (owner != null) {
                owners.put(targets.getJsonObject(i).getString("name"), owner);
            }
        }
        return owners;
    }
}
