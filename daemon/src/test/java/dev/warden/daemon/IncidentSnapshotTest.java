package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.ConfigLoader;
import dev.warden.daemon.cli.Main;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11: baselines and restore points never absorb an incident. A snapshot taken while an incident
 * is open, a check breaches or a migration failed is marked, and is neither the expected schema, the
 * row baseline nor the restore point, before or after a restart.
 */
@ExtendWith(PostgresExtension.class)
class IncidentSnapshotTest {
    private TestDatabase target;
    private Warden warden;

    @AfterEach
    void stop() {
        if (warden != null) {
            warden.stop();
        }
        Sql admin = new Sql(target.server().admin());
        admin.queryColumn("SELECT datname FROM pg_database WHERE datname LIKE '" + target.name() + "\\_\\_warden\\_%'")
                .forEach(name -> admin.execute("DROP DATABASE \"" + name + "\" WITH (FORCE)"));
        admin.execute("DROP DATABASE IF EXISTS \"" + target.name() + "_state\" WITH (FORCE)");
    }

    @Test
    void shouldNeverMakeASnapshotTakenDuringAnIncidentTheBaselineOrTheRestorePoint(TestDatabase database) {
        target = database;
        target.sql().execute("DROP TABLE IF EXISTS orders, flyway_schema_history;"
                + " CREATE TABLE orders (id int PRIMARY KEY, status text);"
                + " INSERT INTO orders SELECT i, 'placed' FROM generate_series(1, 1000) i");
        warden = start();
        JsonObject clean = post();
        assertThat(clean.getBoolean("clean")).isTrue();
        assertThat(clean.getString("tainted_because")).isNull();
        assertThat(clean.getJsonObject("backup").getBoolean("verified")).isTrue();
        await().atMost(Duration.ofSeconds(15)).until(() -> status("row_count_drift") == 0.0 && status("schema_drift") == 0.0);

        // The incident: a critical table loses 40% and a column goes; the freeze rule restores nothing.
        target.sql().execute("DELETE FROM orders WHERE id <= 400; ALTER TABLE orders DROP COLUMN status");
        await().atMost(Duration.ofSeconds(20)).until(() -> frozen().size() == 1);
        String incident = frozen().get(0).getString("incident_id");
        await().atMost(Duration.ofSeconds(10)).until(() -> status("row_count_drift") == 1.0 && status("schema_drift") == 1.0);

        JsonObject during = post();
        assertThat(during.getBoolean("clean")).isFalse();
        assertThat(during.getString("tainted_because")).startsWith("taken during incident " + incident)
                .contains("row_count_drift breached (data_corruption/critical)");
        assertThat(during.getJsonObject("backup").getBoolean("verified")).as("kept, just never used").isTrue();
        JsonObject later = post();
        assertThat(later.getString("tainted_because")).contains("during incident " + incident);

        // keep_last: 2 would have dropped the clean one; it is the baseline and the restore point, so it stays.
        JsonArray listed = get("/api/targets/app/snapshots").getJsonArray("snapshots");
        assertThat(listed.stream().map(s -> ((JsonObject) s).getLong("id")))
                .containsExactly(later.getLong("id"), during.getLong("id"), clean.getLong("id"));
        assertThat(listed.getJsonObject(1).getString("tainted_because")).isEqualTo(during.getString("tainted_because"));

        // The checks keep comparing with the clean snapshot: neither breach resolves itself.
        double breaches = runs("breach");
        await().atMost(Duration.ofSeconds(15)).until(() -> runs("breach") >= breaches + 4);
        assertBreachesAgainstTheCleanSnapshot();

        assertRestorePoint(clean, List.of(later.getLong("id"), during.getLong("id")), incident);
        JsonObject plan = post("/api/targets/app/rollbacks", new JsonObject().put("strategy", "branch_swap")
                .put("dry_run", true));
        assertThat(plan.getString("backup")).as("what a branch swap would restore")
                .isEqualTo(clean.getJsonObject("backup").getString("location"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(Main.run(new String[] {"snapshot", "list", "--target", "app", "--url", warden.baseUrl()}, Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("STATE").contains("TAINTED")
                .contains("not a baseline nor a restore point: taken during incident " + incident)
                .contains("restore point: snapshot " + clean.getLong("id") + ", newest clean verified backup");

        // A restart finds the same baseline and restore point in the state store.
        warden.stop();
        warden = start();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertRestorePoint(clean, List.of(later.getLong("id"), during.getLong("id")), incident));
        await().atMost(Duration.ofSeconds(15)).until(() -> status("row_count_drift") == 1.0 && status("schema_drift") == 1.0);
        assertBreachesAgainstTheCleanSnapshot();
    }

    @Test
    void shouldMarkASnapshotTakenAfterAFailedMigration(TestDatabase database) {
        target = database;
        target.sql().execute("""
                DROP TABLE IF EXISTS orders, flyway_schema_history;
                CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 10);
                CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50),
                    description varchar(200) NOT NULL, type varchar(20) NOT NULL, script varchar(1000) NOT NULL,
                    checksum int, installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(),
                    execution_time int NOT NULL, success boolean NOT NULL);
                INSERT INTO flyway_schema_history VALUES (1, '1', 'orders', 'SQL', 'V1__orders.sql', 1, 'app', now(), 5, true)""");
        warden = start();
        JsonObject clean = post();
        assertThat(clean.getBoolean("clean")).isTrue();

        target.sql().execute("INSERT INTO flyway_schema_history VALUES (2, '2', 'split orders', 'SQL',"
                + " 'V2__split_orders.sql', 2, 'app', now(), 7, false)");
        JsonObject after = post();

        assertThat(after.getString("tainted_because")).contains("after flyway migration 2 (split orders) in public failed");
        JsonObject point = restorePoint();
        assertThat(point.getLong("snapshot")).isEqualTo(clean.getLong("id"));
        assertThat(point.getString("why")).contains("after flyway migration 2");
    }

    private void assertBreachesAgainstTheCleanSnapshot() {
        JsonArray checks = get("/api/targets/app/checks").getJsonArray("checks");
        JsonObject rows = checks.stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("check").equals("row_count_drift")).findFirst().orElseThrow();
        assertThat(rows.getString("status")).isEqualTo("breach");
        assertThat(rows.encode()).contains("public.orders lost 400 rows (40.0%)");
        assertThat(checks.encode()).contains("\"check\":\"schema_drift\",\"status\":\"breach\"");
    }

    private void assertRestorePoint(JsonObject clean, List<Long> notUsed, String incident) {
        JsonObject point = restorePoint();
        assertThat(point.getLong("snapshot")).as(point.encode()).isEqualTo(clean.getLong("id"));
        assertThat(point.getString("location")).isEqualTo(clean.getJsonObject("backup").getString("location"));
        assertThat(point.getString("why")).startsWith("newest clean verified backup; 2 newer snapshots with a verified"
                + " backup (" + notUsed.get(0) + ", " + notUsed.get(1) + ") are not used: taken during incident " + incident);
        assertThat(point.getJsonArray("not_used").stream().map(id -> ((Number) id).longValue()))
                .containsExactlyElementsOf(notUsed);
    }

    private JsonObject restorePoint() {
        JsonObject ready = new JsonObject(HttpProbe.get(warden.baseUrl() + "/health/ready").body());
        return ready.getJsonArray("targets").getJsonObject(0).getJsonObject("restore_point");
    }

    private Warden start() {
        return Warden.start(ConfigLoader.parse("""
                server: {port: 0}
                state: {url: "%s"}
                decision_matrix:
                  - {issue: data_corruption, severity: critical, strategy: freeze, time_budget: 15m}
                  - {issue: schema_mismatch, severity: high, strategy: freeze, time_budget: 15m}
                targets:
                  - name: app
                    url: "%s"
                    critical_tables: [orders]
                    snapshots: {schedule: "off", backup: clone, keep_last: 2}
                    checks:
                      row_count_drift: {schedule: 1s, timeout: 1s}
                      schema_drift: {schedule: 1s, timeout: 1s}
                      lock_waits: {enabled: false}
                      migration_duration: {enabled: false}
                      corruption: {enabled: false}
                """.formatted(target.address().withDatabase(target.name() + "_state").uri(), target.uri()), "test",
                Map.of()), Clock.systemUTC());
    }

    private JsonObject post() {
        return post("/api/targets/app/snapshots", new JsonObject());
    }

    private JsonObject post(String path, JsonObject body) {
        HttpProbe.Response response = HttpProbe.post(warden.baseUrl() + path, body.encode());
        assertThat(response.status()).as(response.body()).isBetween(200, 299);
        return new JsonObject(response.body());
    }

    private JsonObject get(String path) {
        HttpProbe.Response response = HttpProbe.get(warden.baseUrl() + path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    private List<JsonObject> frozen() {
        return get("/api/decisions").getJsonArray("decisions").stream().map(JsonObject.class::cast)
                .filter(d -> d.getJsonObject("outcome").getString("kind").equals("frozen")).toList();
    }

    private double status(String check) {
        return MetricsText.value(HttpProbe.get(warden.baseUrl() + "/metrics").body(),
                "warden_check_status{check=\"" + check + "\",target=\"app\"}").orElse(-1);
    }

    private double runs(String result) {
        return HttpProbe.get(warden.baseUrl() + "/metrics").body().lines()
                .filter(l -> l.startsWith("warden_check_runs_total{") && l.contains("result=\"" + result + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
