package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.ConfigLoader;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The cron schedule takes metadata snapshots by itself, and restarts find them again. */
@ExtendWith(PostgresExtension.class)
class ScheduledSnapshotTest {

    @Test
    void shouldTakeScheduledSnapshotsAndKeepOnlyTheConfiguredNumber(TestDatabase target) {
        target.sql().execute("CREATE TABLE items (id int PRIMARY KEY); INSERT INTO items SELECT generate_series(1, 10)");
        String stateUrl = target.address().withDatabase(target.name() + "_state").uri();
        String config = """
                server: {port: 0}
                state: {url: "%s"}
                targets:
                  - name: app
                    url: "%s"
                    critical_tables: [items]
                    snapshots: {schedule: "* * * * * ?", keep_last: 2}
                """.formatted(stateUrl, target.uri());
        Warden warden = Warden.start(ConfigLoader.parse(config, "test", Map.of()), Clock.systemUTC());
        try {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonArray snapshots = snapshots(warden);
                assertThat(snapshots).hasSize(2);
                assertThat(snapshots.getJsonObject(0).getString("reason")).isEqualTo("scheduled");
                assertThat(snapshots.getJsonObject(0).getLong("id")).isGreaterThan(2);
            });
        } finally {
            warden.stop();
        }
        new Sql(target.server().admin()).execute("DROP DATABASE IF EXISTS \"" + target.name() + "_state\" WITH (FORCE)");
    }

    private static JsonArray snapshots(Warden warden) {
        return new JsonObject(HttpProbe.get(warden.baseUrl() + "/api/targets/app/snapshots").body())
                .getJsonArray("snapshots");
    }
}
