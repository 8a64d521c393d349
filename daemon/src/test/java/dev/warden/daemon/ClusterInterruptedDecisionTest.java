package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.daemon.cluster.Rendezvous;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: in a cluster, a decision stored and not seen through is carried out by the target's owner
 * only. The owner decides on a row loss and is held (WARDEN_TEST_HALT_BEFORE=starting) with the rollback
 * planned and not started; a second node starting meanwhile leaves that decision alone (it does not own
 * the target, the owner is alive). Once the owner is SIGKILLed, the second node gains the target and
 * carries the decision out: one rollback, every row back.
 */
class ClusterInterruptedDecisionTest {
    private static final Path WORK = PostgresServer.workDirectory().resolve("cluster-interrupted-" + ProcessHandle.current().pid());
    private static final String CARRIED_OUT = "was planned and never started (its Warden stopped); carrying it out";
    private static EmbeddedServer server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedServer.start(WORK.resolve("pg"), EmbeddedServer.CLASSPATH_MAJOR);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void shouldHaveOnlyTheOwnerCarryOutAnInterruptedDecision() throws Exception {
        DecidedRollbackScene scene = DecidedRollbackScene.create(server, WORK, "cluster_interrupted", "full_rollback", 5_000);
        List<String> names = List.of("node-a", "node-b");
        String owner = Rendezvous.owner("shop", names.stream().map(n -> new Rendezvous.Member(n, 1)).toList()).orElseThrow();
        String heir = names.stream().filter(n -> !n.equals(owner)).findFirst().orElseThrow();
        List<Integer> memberPorts = List.of(WardenProcess.freePort(), WardenProcess.freePort());
        int ownerPort = WardenProcess.freePort();
        int heirPort = WardenProcess.freePort();
        String heirUrl = "http://127.0.0.1:" + heirPort;

        // The owner starts first: alone it owns the target, and it keeps it when the other node joins.
        try (WardenProcess successor = startBoth(scene, owner, ownerPort, heir, heirPort, memberPorts)) {
            JsonObject rollback = scene.awaitRollbackEnded(successor, heirUrl);
            scene.awaitDecisionsSettled(successor);
            scene.assertRestored(rollback, successor.output());
            assertThat(successor.output().split(java.util.regex.Pattern.quote(CARRIED_OUT), -1))
                    .as("carried out once, when the target was gained").hasSize(2);
            assertThat(successor.terminate(Duration.ofSeconds(30))).isZero();
        }
        scene.drop();
    }

    /** Returns the second node, once the first, held with its rollback planned, has been SIGKILLed. */
    private static WardenProcess startBoth(DecidedRollbackScene scene, String owner, int ownerPort, String heir,
                                           int heirPort, List<Integer> memberPorts) throws Exception {
        String ownerUrl = "http://127.0.0.1:" + ownerPort;
        int ownerIndex = owner.equals("node-a") ? 0 : 1;
        try (WardenProcess doomed = scene.startNode(owner, ownerPort, memberPorts, ownerIndex,
                Map.of("WARDEN_TEST_HALT_BEFORE", "starting"))) {
            scene.snapshot(doomed, ownerUrl);
            scene.deleteRows();
            await().atMost(Duration.ofSeconds(90)).until(() -> doomed.output().contains("failpoint: halted before starting"));
            WardenProcess successor = scene.startNode(heir, heirPort, memberPorts, 1 - ownerIndex, Map.of());
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    HttpProbe.Response ready = HttpProbe.get("http://127.0.0.1:" + heirPort + "/health/ready");
                    assertThat(ready.status()).as(ready.body()).isEqualTo(200);
                    assertThat(new JsonObject(ready.body()).getJsonObject("cluster").getJsonArray("members")).hasSize(2);
                    JsonObject target = new JsonObject(HttpProbe.get("http://127.0.0.1:" + heirPort + "/api/targets").body())
                            .getJsonArray("targets").getJsonObject(0);
                    assertThat(target.getString("owner")).isEqualTo(owner);
                });
                // The owner is alive: the decision is its own, the other node leaves it as it is.
                assertThat(successor.output()).doesNotContain(CARRIED_OUT);
                assertThat(scene.state().queryColumn("SELECT status FROM warden.rollbacks")).containsExactly("planned");
                doomed.kill();
                return successor;
            } catch (Throwable e) {
                successor.close();
                throw e;
            }
        }
    }
}
