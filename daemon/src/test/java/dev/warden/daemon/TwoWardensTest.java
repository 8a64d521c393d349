package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.warden.config.ConfigLoader;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two Wardens (each its own Vert.x, pools and engine) on one state database watch one target. */
@ExtendWith(PostgresExtension.class)
class TwoWardensTest {

    @Test
    void shouldRunExactlyOneRollbackWhenBothSeeTheBreach(TestDatabase target) throws Exception {
        target.sql().execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 10)");
        AtomicInteger reverts = new AtomicInteger();
        HttpServer deploy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        deploy.createContext("/", exchange -> {
            reverts.incrementAndGet();
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        deploy.start();
        String config = """
                server: {port: 0}
                state: {url: "%s"}
                decision_matrix:
                  - {issue: query_errors, severity: high, strategy: code_revert, time_budget: 5m, breaches_in_a_row: 1}
                targets:
                  - name: app
                    url: "%s"
                    snapshots: {schedule: "off"}
                    checks:
                      corruption: {enabled: false}
                      schema_drift: {enabled: false}
                      migration_duration: {enabled: false}
                      lock_waits: {enabled: false}
                      canary_queries:
                        schedule: 1s
                        timeout: 1s
                        queries: [{name: orders, sql: "SELECT count(*) FROM orders", expected_value: "10"}]
                    rollback:
                      code_revert: {webhook: {url: "http://127.0.0.1:%d/rollback"}}
                """.formatted(target.address().withDatabase(target.name() + "_state").uri(), target.uri(),
                deploy.getAddress().getPort());
        Warden first = Warden.start(ConfigLoader.parse(config, "first", Map.of()), Clock.systemUTC());
        Warden second = Warden.start(ConfigLoader.parse(config, "second", Map.of()), Clock.systemUTC());
        try {
            target.sql().execute("DELETE FROM orders WHERE id > 5");

            await().atMost(Duration.ofSeconds(20)).until(() -> decisions(first) >= 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> reverts.get() >= 1);
            double breaches = breaches(first) + breaches(second);
            await().atMost(Duration.ofSeconds(10)).until(() -> breaches(first) + breaches(second) >= breaches + 4);

            assertThat(decisions(first)).as("each Warden decided on its own").isEqualTo(2);
            assertThat(new Sql(target.address().withDatabase(target.name() + "_state"))
                    .queryLong("SELECT count(*) FROM warden.rollbacks")).isEqualTo(1);
            assertThat(reverts.get()).as("exactly one rollback ran").isEqualTo(1);
        } finally {
            first.stop();
            second.stop();
            deploy.stop(0);
        }
    }

    /** Decisions handed to the rollback engine: a rule's cooldown, said once per incident, is left out. */
    private static int decisions(Warden warden) {
        return (int) new JsonObject(HttpProbe.get(warden.baseUrl() + "/api/decisions").body()).getJsonArray("decisions")
                .stream().map(JsonObject.class::cast)
                .filter(d -> !d.getJsonObject("outcome").getString("detail").startsWith("not acted: the rule's cooldown"))
                .count();
    }

    private static double breaches(Warden warden) {
        return MetricsText.value(HttpProbe.get(warden.baseUrl() + "/metrics").body(),
                "warden_check_runs_total{check=\"canary_queries\",result=\"breach\",target=\"app\"}").orElse(0);
    }
}
