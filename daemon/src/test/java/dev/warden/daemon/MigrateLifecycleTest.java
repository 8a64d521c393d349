package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.testing.Sql;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: how a {@code warden migrate} run ends when its client does not end it (the client vanishes,
 * Warden restarts), what a dry run says, and the refusals that keep a migration from starting.
 */
class MigrateLifecycleTest extends MigrateHarness {

    @Test
    void shouldFailAndRollBackARunWhoseClientVanishes() throws Exception {
        start("");
        String id = openByHand("2s");
        // What the vanished client's command did before it went: half a migration.
        shop.execute("CREATE TABLE half_done (id int)");

        await().atMost(Duration.ofSeconds(60)).until(() -> get("/api/migrations/" + id).getString("status")
                .equals("failed"));

        JsonObject report = get("/api/migrations/" + id);
        assertThat(report.getJsonArray("reasons").getString(0)).startsWith("the client vanished: no heartbeat or finish for");
        assertThat(report.getJsonObject("decision").getString("strategy")).isEqualTo("branch_swap");
        JsonObject rollback = report.getJsonObject("rollback");
        assertThat(rollback.getString("status")).as(report.encode()).isEqualTo("succeeded");
        assertThat(shop.queryColumn("SELECT to_regclass('public.half_done') IS NULL")).containsExactly("t");

        Run rollbackReport = cli("report", rollback.getString("id"), "-o", "json");

        assertThat(rollbackReport.exit()).as(rollbackReport.output()).isZero();
        JsonObject json = new JsonObject(rollbackReport.output());
        assertThat(json.getString("id")).isEqualTo(rollback.getString("id"));
        assertThat(json.getString("status")).isEqualTo("succeeded");
    }

    @Test
    void shouldEndAsFailedARunThatAStoppedWardenLeftOpen() throws Exception {
        start("");
        String id = openByHand("10m");

        restartWarden();

        JsonObject report = get("/api/migrations/" + id);
        assertThat(report.getString("status")).isEqualTo("failed");
        assertThat(report.getJsonArray("reasons").getList())
                .containsExactly("Warden stopped while the migration ran; nobody watched its end");
        assertThat(report.getString("finished_at")).isNotNull();
        Sql state = new Sql(server.address("warden"));
        String alert = "SELECT status || ' ' || (annotations ->> 'summary') FROM warden.alerts"
                + " WHERE alertname = 'WardenMigrationFailed'";
        await().atMost(Duration.ofSeconds(15)).until(() -> !state.queryColumn(alert).isEmpty());
        assertThat(state.queryColumn(alert)).containsExactly("firing migration " + id + " on shop failed: Warden stopped"
                + " while the migration ran; nobody watched its end");
        Run next = cli("migrate", "--target", "shop", "--dry-run");
        assertThat(next.output()).as("the target is free again").contains("dry run on shop: would start");
    }

    @Test
    void shouldChangeNothingOnADryRunAndSayWhatWouldHappen() throws Exception {
        start("");
        Path script = script("ALTER TABLE orders ADD COLUMN note text;");

        Run run = cli("migrate", "--target", "shop", "--dry-run", "--", "psql", "-X", "-f", script.toString());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("dry run on shop: would start; restore point kind: clone");
        assertThat(shop.queryColumn("SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
                .containsExactly("0");
        assertThat(get("/api/migrations").getJsonArray("migrations")).isEmpty();
        assertThat(get("/api/targets/shop/snapshots").encode()).doesNotContain("pre-migration");
    }

    @Test
    void shouldRefuseASecondMigrationOnTheSameTarget() throws Exception {
        start("");
        openByHand("10m");

        Run second = migrate(script("ALTER TABLE orders ADD COLUMN note text;"));

        assertThat(second.exit()).as(second.output()).isEqualTo(1);
        assertThat(second.output()).contains("migration_running: another warden migrate is running on shop");
        assertThat(shop.queryColumn("SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
                .containsExactly("0");
    }

    @Test
    void shouldRefuseWhileAnIncidentIsOpen() throws Exception {
        start("");
        new Sql(server.address("warden")).execute("INSERT INTO warden.incidents (id, target, check_name, issue, severity,"
                + " opened_at) VALUES (gen_random_uuid(), 'shop', 'row_count_drift', 'data_corruption', 'critical', now())");

        Run refused = migrate(script("ALTER TABLE orders ADD COLUMN note text;"));

        assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("open_incident: incident ").contains("(row_count_drift data_corruption) is open since");
    }

    @Test
    void shouldRefuseWhileTheTargetIsDownEvenWhenForced() throws Exception {
        start("");
        new Sql(server.address("postgres")).execute("ALTER DATABASE shop ALLOW_CONNECTIONS false;"
                + " SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'shop' AND pid <> pg_backend_pid()");
        await().atMost(Duration.ofSeconds(30)).until(() -> !get("/api/targets").getJsonArray("targets").getJsonObject(0)
                .getBoolean("up"));

        Run refused = migrate(script("ALTER TABLE orders ADD COLUMN note text;"), "--force");

        assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("target_down: target shop is down");
    }

    @Test
    void shouldStopTheCommandAndFailTheRunWhenTheOperatorPressesCtrlC() throws Exception {
        start("");
        Path script = script("CREATE TABLE half_done (id int);\nSELECT pg_sleep(60);\n");
        try (WardenProcess cli = WardenProcess.start(scripts.resolve("cli.log"), Map.of("WARDEN_TOKEN", TOKEN),
                "migrate", "--url", warden.baseUrl(), "--target", "shop", "--", "psql", "-X", "-q", "-v",
                "ON_ERROR_STOP=1", "-f", script.toString())) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> shop.queryLong("SELECT count(*)"
                    + " FROM pg_stat_activity WHERE application_name LIKE 'warden-migrate-%' AND query LIKE '%pg_sleep%'") == 1);

            cli.signal("INT");

            assertThat(cli.exitCode(Duration.ofSeconds(60))).as(cli.output()).isEqualTo(130);
            assertThat(cli.output()).contains("failed: cancelled by the operator (SIGINT)");
        }
        JsonObject report = get("/api/migrations").getJsonArray("migrations").getJsonObject(0);
        report = get("/api/migrations/" + report.getString("id"));
        assertThat(report.getString("status")).isEqualTo("failed");
        assertThat(report.getJsonArray("reasons").getString(0)).isEqualTo("cancelled by the operator (SIGINT)");
        assertThat(report.getJsonObject("rollback").getString("status")).as(report.encode()).isEqualTo("succeeded");
        assertThat(shop.queryColumn("SELECT to_regclass('public.half_done') IS NULL")).containsExactly("t");
    }

    /** Opens a migration through the API, as a client that then never speaks again. */
    private String openByHand(String clientTimeout) {
        HttpProbe.Response opened = HttpProbe.post(warden.baseUrl() + "/api/targets/shop/migrations", new JsonObject()
                .put("client_timeout", clientTimeout).put("command", List.of("psql", "-f", "by-hand.sql")).encode(), TOKEN);
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return new JsonObject(opened.body()).getString("id");
    }
}
