package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.testing.Sql;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: {@code warden migrate} running a plain psql script against a real daemon, on a dedicated
 * server whose target database its rollbacks swap. The CLI runs in this JVM; its child (psql) is real.
 */
class MigrateCommandTest extends MigrateHarness {

    @Test
    void shouldPassAGoodMigrationAndMakeItsResultTheNewBaseline() throws Exception {
        start("");

        Run run = migrate(script("""
                \\echo adding a note column
                ALTER TABLE orders ADD COLUMN note text;
                INSERT INTO orders SELECT generate_series(1001, 1010);
                """));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("adding a note column").contains("warden: migration " + run.id() + " succeeded")
                .contains("is the new baseline");
        JsonObject report = get("/api/migrations/" + run.id());
        assertThat(report.getString("status")).isEqualTo("succeeded");
        assertThat(report.getJsonObject("restore_point").getString("kind")).isEqualTo("clone");
        assertThat(report.getJsonArray("schema_changes").encode()).contains("new column public.orders.note");
        assertThat(report.getJsonArray("row_deltas").getJsonObject(0).getLong("after")).isEqualTo(1010);
        long baseline = report.getLong("baseline_snapshot");
        assertThat(get("/api/targets/shop/snapshots/" + baseline).getString("reason")).isEqualTo("post-migration");
        assertThat(text("/api/migrations/" + run.id() + "/report")).startsWith("# Migration " + run.id())
                .contains("verdict: **succeeded**").contains("## Row deltas").contains("public.orders: 1000 -> 1010");
        assertThat(cli("report", run.id()).output()).contains("verdict: **succeeded**").as("ends its last line").endsWith("\n");
        assertThat(MetricsText.value(HttpProbe.get(warden.baseUrl() + "/metrics").body(),
                "warden_migrations_total{target=\"shop\",verdict=\"succeeded\"}")).hasValue(1.0);
    }

    @Test
    void shouldRollBackAMigrationThatDeletesMostOfACriticalTableWithoutAnExpectation() throws Exception {
        start("");

        Run run = migrate(script("DELETE FROM orders WHERE id <= 600;"));

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        JsonObject report = get("/api/migrations/" + run.id());
        assertThat(report.getString("status")).isEqualTo("failed");
        assertThat(report.getJsonArray("reasons").encode()).contains("row_count_drift critical data_corruption");
        JsonObject decision = report.getJsonObject("decision");
        assertThat(decision.getString("strategy")).isEqualTo("full_rollback");
        assertThat(decision.getString("mode")).isEqualTo("auto");
        assertThat(decision.getJsonArray("reasoning").getString(0)).startsWith("context: migration " + run.id());
        assertThat(report.getJsonObject("rollback").getString("status")).as(report.encode()).isEqualTo("succeeded");
        assertThat(run.output()).contains("warden: rollback ").contains("(full_rollback): succeeded");
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).as("every row is back").isEqualTo(1000);
        assertThat(MetricsText.value(HttpProbe.get(warden.baseUrl() + "/metrics").body(),
                "warden_migrations_total{target=\"shop\",verdict=\"failed\"}")).hasValue(1.0);
    }

    @Test
    void shouldPassTheSameDeleteWhenItIsDeclaredAsExpected() throws Exception {
        start("");

        Run run = migrate(script("DELETE FROM orders WHERE id <= 600;"), "--expect", "orders:-70%..0");

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).isEqualTo(400);
        JsonObject report = get("/api/migrations/" + run.id());
        JsonObject orders = report.getJsonArray("row_deltas").getJsonObject(0);
        assertThat(orders.getString("expectation")).isEqualTo("orders:-70%..0");
        assertThat(orders.getBoolean("within_expectation")).isTrue();
        assertThat(orders.getDouble("change_percent")).isEqualTo(-60.0);
        assertThat(report.getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("check").equals("row_count_drift")).map(c -> c.getString("status")))
                .containsExactly("ok");
    }

    @Test
    void shouldRollBackAFailingMigration() throws Exception {
        start("");

        Run run = migrate(script("CREATE TABLE half_done (id int);\nSELECT 1 / 0;"));

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("division by zero").contains("the command failed with exit code 3");
        JsonObject report = get("/api/migrations/" + run.id());
        assertThat(report.getInteger("exit_code")).isEqualTo(3);
        assertThat(report.getJsonObject("decision").getString("issue")).isEqualTo("schema_mismatch");
        assertThat(report.getJsonObject("decision").getString("strategy")).isEqualTo("branch_swap");
        assertThat(report.getJsonObject("rollback").getString("status")).as(report.encode()).isEqualTo("succeeded");
        assertThat(shop.queryColumn("SELECT to_regclass('public.half_done') IS NULL")).as("the half-done table is gone")
                .containsExactly("t");
        Sql state = new Sql(server.address("warden"));
        String alerts = "SELECT status || ' ' || (labels ->> 'severity') || ' ' || (annotations ->> 'summary') || ' | '"
                + " || (annotations ->> 'description') FROM warden.alerts WHERE alertname = 'WardenMigrationFailed'";
        await().atMost(Duration.ofSeconds(15)).until(() -> !state.queryColumn(alerts).isEmpty());
        assertThat(state.queryColumn(alerts)).singleElement().asString()
                .startsWith("firing warning migration " + run.id() + " on shop failed: the command failed with exit code 3 | ")
                .contains("Decision: ").contains("(branch_swap) succeeded")
                .contains("Its report: " + warden.baseUrl() + "/api/migrations/" + run.id() + "/report");

        // The swap refused connections for a moment: the next heartbeat after it says the target is up again.
        await().atMost(Duration.ofSeconds(15)).until(() -> get("/api/targets").getJsonArray("targets").getJsonObject(0)
                .getBoolean("up"));
        // Forced past the incident the failure opened, which stays open until its check passes again.
        Run next = migrate(script("ALTER TABLE orders ADD COLUMN note text;"), "--force");
        assertThat(next.exit()).as(next.output()).isZero();

        await().atMost(Duration.ofSeconds(15)).until(() -> state.queryColumn(alerts).get(0).startsWith("resolved "));
    }

    @Test
    void shouldCancelAMigrationWhoseLockQueueOutgrowsTheMaxLockWait() throws Exception {
        start("");
        Path go = scripts.resolve("go");
        // The pre-migration clone ends every other session, so the long transaction begins after it: the
        // script waits for this test's signal before it asks for its lock.
        Path alter = script("\\! while [ ! -e " + go + " ]; do sleep 0.05; done\nALTER TABLE orders ADD COLUMN flag int;\n");
        CompletableFuture<Run> migration = CompletableFuture.supplyAsync(() -> migrate(alter, "--max-lock-wait", "2s"));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> shop.queryLong("SELECT count(*)"
                + " FROM pg_stat_activity WHERE application_name LIKE 'warden-migrate-%'") == 1);
        try (Connection longTransaction = shop.connect(); Statement holder = longTransaction.createStatement()) {
            longTransaction.setAutoCommit(false);
            holder.execute("SELECT count(*) FROM orders");
            Files.writeString(go, "");
            await().atMost(Duration.ofSeconds(30)).until(() -> shop.queryLong("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE application_name LIKE 'warden-migrate-%' AND wait_event_type = 'Lock'") == 1);

            long queued = System.nanoTime();
            shop.execute("SELECT count(*) FROM orders");
            Duration waited = Duration.ofNanos(System.nanoTime() - queued);

            assertThat(waited).as("the queued session got through once the migration was cancelled")
                    .isLessThan(Duration.ofSeconds(3));
            Run run = migration.get();
            assertThat(run.exit()).as(run.output()).isEqualTo(1);
            JsonObject report = get("/api/migrations/" + run.id());
            assertThat(report.getJsonArray("reasons").encode()).contains("the migration was cancelled: 1 session(s) waited");
            assertThat(report.getJsonObject("locks").getJsonArray("cancels").getJsonObject(0).getBoolean("cancelled")).isTrue();
            assertThat(report.getJsonObject("locks").getLong("max_blocked_sessions")).isEqualTo(1);
        }
        assertThat(shop.queryColumn("SELECT count(*) FROM information_schema.columns WHERE column_name = 'flag'"))
                .containsExactly("0");
    }

    @Test
    void shouldRefuseWhileACheckFailsUnlessForced() throws Exception {
        start("not_valid_constraints: {schedule: 1s, timeout: 1s}");
        shop.execute("ALTER TABLE orders ADD CONSTRAINT positive CHECK (id > 0) NOT VALID");
        await().atMost(Duration.ofSeconds(15)).until(() -> get("/api/targets/shop/checks").getJsonArray("checks")
                .encode().contains("\"check\":\"not_valid_constraints\",\"status\":\"breach\""));
        Path good = script("ALTER TABLE orders ADD COLUMN note text;");

        Run refused = cli("migrate", "--target", "shop", "--", "psql", "-X", "-v", "ON_ERROR_STOP=1", "-d",
                server.address("shop").uri(), "-f", good.toString());

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.output()).contains("refused: failing_check: not_valid_constraints low data_corruption breach")
                .contains("--force overrides these");
        assertThat(shop.queryColumn("SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
                .as("nothing ran").containsExactly("0");

        Run forced = migrate(good, "--force");

        assertThat(forced.exit()).as(forced.output()).isZero();
        assertThat(get("/api/migrations/" + forced.id()).getJsonArray("overridden").encode()).contains("failing_check");
    }

    @Test
    void shouldAnswerBadRequestsWithNamedErrors() throws Exception {
        start("");
        HttpProbe.Response bad = HttpProbe.post(warden.baseUrl() + "/api/targets/shop/migrations",
                new JsonObject().put("expectations", List.of("orders:-70%", "lines:0..10%")).put("max_lock_wait", "soon")
                        .encode(), TOKEN);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(new JsonObject(bad.body()).getString("error"))
                .contains("expectations: expected TABLE:MIN..MAX with changes in percent, e.g. orders:-70%..0")
                .contains("max_lock_wait: expected a duration such as 500ms");
        HttpProbe.Response notCritical = HttpProbe.post(warden.baseUrl() + "/api/targets/shop/migrations",
                new JsonObject().put("expectations", List.of("lines:0..10%")).encode(), TOKEN);
        assertThat(notCritical.status()).isEqualTo(400);
        assertThat(new JsonObject(notCritical.body()).getString("error")).contains("public.lines is not a critical table");
        assertThat(HttpProbe.post(warden.baseUrl() + "/api/migrations/not-an-id/finish", "{}", TOKEN).status()).isEqualTo(400);
        assertThat(HttpProbe.post(warden.baseUrl() + "/api/migrations/6f1c1d1e-0000-4000-8000-000000000001/finish",
                "{\"exit_code\": 0}", TOKEN).status()).isEqualTo(404);
        assertThat(HttpProbe.post(warden.baseUrl() + "/api/targets/nowhere/migrations", "{}", TOKEN).status()).isEqualTo(404);
    }
}
