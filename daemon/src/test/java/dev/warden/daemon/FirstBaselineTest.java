package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.ConfigLoader;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Before a target's first snapshot schema_drift has no expected schema and could not tell; the snapshot
 * that becomes the baseline runs it again at once, not an hour later at its next firing.
 */
@ExtendWith(PostgresExtension.class)
class FirstBaselineTest {

    @Test
    void shouldRunACheckThatCouldNotTellAgainOnceASnapshotBecomesTheBaseline(TestDatabase target) {
        target.sql().execute("CREATE TABLE items (id int PRIMARY KEY)");
        String stateUrl = target.address().withDatabase(target.name() + "_state").uri();
        Warden warden = Warden.start(ConfigLoader.parse("""
                server: {port: 0}
                state: {url: "%s"}
                targets:
                  - name: app
                    url: "%s"
                    snapshots: {schedule: "off"}
                    checks: {schema_drift: {schedule: 1h}}
                """.formatted(stateUrl, target.uri()), "test", Map.of()), Clock.systemUTC());
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> schemaDrift(warden), status -> "inconclusive".equals(status));

            assertThat(HttpProbe.post(warden.baseUrl() + "/api/targets/app/snapshots", "{}", "").status()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> schemaDrift(warden), status -> "ok".equals(status));
        } finally {
            warden.stop();
        }
        new Sql(target.server().admin()).execute("DROP DATABASE IF EXISTS \"" + target.name() + "_state\" WITH (FORCE)");
    }

    /** schema_drift's last status on the status screen, or null before its first run. */
    private static String schemaDrift(Warden warden) {
        return new JsonObject(HttpProbe.get(warden.baseUrl() + "/api/status").body()).getJsonArray("targets")
                .getJsonObject(0).getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(check -> "schema_drift".equals(check.getString("check"))).findFirst()
                .map(check -> check.getString("status")).orElse(null);
    }
}
