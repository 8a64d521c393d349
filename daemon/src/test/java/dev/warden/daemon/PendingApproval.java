package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.ConfigLoader;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A real Warden in this JVM whose target {@code shop} has a rollback waiting for approval: a snapshot
 * with a clone backup, then 40% of the critical table {@code orders} deleted, which the rule for
 * data_corruption/critical answers with read_only in approve mode. With a token, or none (then writes
 * are open on loopback, as the daemon allows).
 */
final class PendingApproval implements AutoCloseable {
    final EmbeddedServer server;
    final Warden warden;
    final Sql shop;
    final String token;
    final long snapshotId;
    final String rollbackId;

    private PendingApproval(EmbeddedServer server, Warden warden, Sql shop, String token, long snapshotId,
                            String rollbackId) {
        this.server = server;
        this.warden = warden;
        this.shop = shop;
        this.token = token;
        this.snapshotId = snapshotId;
        this.rollbackId = rollbackId;
    }

    /** @param token the API token, or "" for none */
    static PendingApproval start(String name, String token) {
        EmbeddedServer server = EmbeddedServer.start(PostgresServer.workDirectory().resolve(name + "-" + System.nanoTime()),
                EmbeddedServer.CLASSPATH_MAJOR);
        new Sql(server.address("postgres")).execute("CREATE DATABASE shop");
        Sql shop = new Sql(server.address("shop"));
        shop.execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 1000)");
        Warden warden = Warden.start(ConfigLoader.parse("""
                server: {port: 0%s}
                state: {url: "%s"}
                decision_matrix:
                  - {issue: data_corruption, severity: critical, strategy: read_only, time_budget: 15m, mode: approve}
                targets:
                  - name: shop
                    url: "%s"
                    critical_tables: [orders]
                    heartbeat_interval: 500ms
                    snapshots: {schedule: "off", backup: clone}
                    checks: {row_count_drift: {schedule: 1s, timeout: 1s}, corruption: {enabled: false}}
                """.formatted(token.isEmpty() ? "" : ", token: " + token, server.address("warden").uri(),
                server.address("shop").uri()), "test", Map.of()), Clock.systemUTC());
        HttpProbe.Response snapshot = HttpProbe.post(warden.baseUrl() + "/api/targets/shop/snapshots", "{}", token);
        assertThat(snapshot.status()).as(snapshot.body()).isEqualTo(201);
        shop.execute("DELETE FROM orders WHERE id <= 400");
        String base = warden.baseUrl();
        JsonObject pending = await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonObject target = new JsonObject(HttpProbe.get(base + "/api/status", token).body()).getJsonArray("targets")
                    .getJsonObject(0);
            JsonArray waiting = target.getJsonArray("pending_approvals");
            // The clone backup shut the target's door for a moment: a heartbeat that met it says down until the next.
            return waiting.isEmpty() || !target.getBoolean("up") ? null : waiting.getJsonObject(0);
        }, found -> found != null);
        return new PendingApproval(server, warden, shop, token, new JsonObject(snapshot.body()).getLong("id"),
                pending.getString("rollback_id"));
    }

    String baseUrl() {
        return warden.baseUrl();
    }

    /** The rollback as GET /api/rollbacks/{id} shows it. */
    JsonObject rollback() {
        HttpProbe.Response answer = HttpProbe.get(baseUrl() + "/api/rollbacks/" + rollbackId, token);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return new JsonObject(answer.body());
    }

    @Override
    public void close() {
        warden.stop();
        server.close();
    }
}
