package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.ConfigLoader;
import dev.warden.daemon.alert.AlertmanagerProcess;
import dev.warden.daemon.cli.Main;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
/** Rollbacks through the daemon's API and CLI, on a dedicated server whose databases they swap. */
class RollbackApiTest {
    private static final String TOKEN = "rollback-token";
    private EmbeddedServer server;
    private Warden warden;

    @AfterEach
    void stop() {
        if (warden != null) {
            warden.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldPlanThenRestoreEveryRowFromTheVerifiedCloneKeepingTheDamagedDatabase() throws Exception {
        Sql shop = start("", "");
        assertThat(post("/api/targets/shop/snapshots", new JsonObject(), TOKEN).getJsonObject("backup")
                .getBoolean("verified")).isTrue();
        shop.execute("DELETE FROM orders WHERE id <= 400");

        JsonObject plan = post("/api/targets/shop/rollbacks", new JsonObject().put("strategy", "branch_swap"), TOKEN);
        assertThat(plan.getBoolean("dry_run")).isTrue();
        assertThat(plan.getJsonObject("impact").getJsonArray("tables").encode())
                .contains("\"table\":\"public.orders\"").contains("\"rows_brought_back\":400");
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).as("a plan changes nothing").isEqualTo(600);

        HttpProbe.Response anonymous = HttpProbe.post(warden.baseUrl() + "/api/targets/shop/rollbacks",
                new JsonObject().put("strategy", "branch_swap").put("dry_run", false).encode());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).as("an unauthenticated write changes nothing")
                .isEqualTo(600);

        JsonObject done = post("/api/targets/shop/rollbacks",
                new JsonObject().put("strategy", "branch_swap").put("dry_run", false), TOKEN);
        assertThat(done.getString("status")).as(done.encode()).isEqualTo("succeeded");

        assertThat(shop.queryLong("SELECT count(*) FROM orders")).as("every row is back, same name").isEqualTo(1000);
        Sql admin = new Sql(server.address("postgres"));
        String replaced = admin.queryColumn("SELECT datname FROM pg_database WHERE datname LIKE 'shop\\_\\_replaced\\_%'")
                .get(0);
        assertThat(new Sql(server.address(replaced)).queryLong("SELECT count(*) FROM orders"))
                .as("the damaged database is kept").isEqualTo(600);

        JsonArray listed = get("/api/rollbacks").getJsonArray("rollbacks");
        assertThat(listed).hasSize(1);
        String id = listed.getJsonObject(0).getString("id");
        JsonObject full = get("/api/rollbacks/" + id);
        assertThat(full.getJsonArray("journal").encode()).contains("rename_target_aside").contains("succeeded");
        assertThat(full.getJsonArray("evidence").encode()).as("verified against the restored snapshot")
                .contains("verified: the schema is snapshot").contains("verified: public.orders 1000 = 1000 in the restored backup")
                .contains("no decision asked for this rollback");
        String report = text("/api/rollbacks/" + id + "/report");
        assertThat(report).startsWith("# Rollback " + id).contains("status: **succeeded**").contains("rename_restored_to_target");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(MetricsText.value(
                HttpProbe.get(warden.baseUrl() + "/metrics").body(),
                "warden_rollbacks_total{outcome=\"succeeded\",strategy=\"branch_swap\",target=\"shop\"}")).hasValue(1.0));
    }

    @Test
    void shouldWaitForApprovalInApproveModeThenActOnce() throws Exception {
        Sql shop = start("""
                decision_matrix:
                  - {issue: data_corruption, severity: critical, strategy: read_only, time_budget: 15m, mode: approve}
                """, "checks: {row_count_drift: {schedule: 1s, timeout: 1s}, corruption: {enabled: false}}");
        post("/api/targets/shop/snapshots", new JsonObject(), TOKEN);
        shop.execute("DELETE FROM orders WHERE id <= 400");

        await().atMost(Duration.ofSeconds(15)).until(() -> get("/api/rollbacks").getJsonArray("rollbacks").size() == 1);
        JsonObject planned = get("/api/rollbacks").getJsonArray("rollbacks").getJsonObject(0);
        assertThat(planned.getString("status")).isEqualTo("planned");
        assertThat(planned.getString("strategy")).isEqualTo("read_only");
        shop.execute("INSERT INTO orders VALUES (5000)");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"rollback", "approve", planned.getString("id"), "--url", warden.baseUrl()},
                Map.of("WARDEN_TOKEN", TOKEN), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(shop.queryColumn("SHOW default_transaction_read_only")).containsExactly("on");
        assertThat(get("/api/rollbacks/" + planned.getString("id")).getString("status")).isEqualTo("succeeded");
        assertThat(post("/api/rollbacks/" + planned.getString("id") + "/approve", new JsonObject(), TOKEN, 409)
                .getString("error")).contains("only a planned rollback can be approved");
    }

    @Test
    void shouldRecordTheDecisionAndChangeNothingInDryRunMode() throws Exception {
        Sql shop = start("""
                decision_matrix:
                  - {issue: data_corruption, severity: critical, strategy: full_rollback, time_budget: 15m, mode: dry_run}
                """, "checks: {row_count_drift: {schedule: 1s, timeout: 1s}, corruption: {enabled: false}}");
        post("/api/targets/shop/snapshots", new JsonObject(), TOKEN);
        Sql admin = new Sql(server.address("postgres"));
        long databases = admin.queryLong("SELECT count(*) FROM pg_database");
        shop.execute("DELETE FROM orders WHERE id <= 400");

        JsonObject decision = await().atMost(Duration.ofSeconds(15)).until(() -> get("/api/decisions")
                .getJsonArray("decisions"), found -> !found.isEmpty()).getJsonObject(0);
        assertThat(decision.getString("mode")).isEqualTo("dry_run");
        assertThat(decision.getString("strategy")).isEqualTo("full_rollback");
        // Three more breaching runs after the decision: time enough for a rollback to have started.
        String breaches = "warden_check_runs_total{check=\"row_count_drift\",result=\"breach\",target=\"shop\"}";
        double seen = MetricsText.value(HttpProbe.get(warden.baseUrl() + "/metrics").body(), breaches).orElseThrow();
        await().atMost(Duration.ofSeconds(15)).until(() -> MetricsText.value(
                HttpProbe.get(warden.baseUrl() + "/metrics").body(), breaches).orElseThrow() >= seen + 3);

        JsonArray rollbacks = get("/api/rollbacks").getJsonArray("rollbacks");
        assertThat(rollbacks).as("the plan is kept for reading, and nothing more").hasSize(1);
        assertThat(rollbacks.getJsonObject(0).getString("status")).isEqualTo("planned");
        assertThat(rollbacks.getJsonObject(0).getString("outcome")).isEqualTo("dry run: not executed");
        assertThat(get("/api/rollbacks/" + rollbacks.getJsonObject(0).getString("id")).getJsonArray("journal"))
                .as("no step ran").isEmpty();
        assertThat(post("/api/rollbacks/" + rollbacks.getJsonObject(0).getString("id") + "/approve", new JsonObject(),
                TOKEN, 409).getString("error")).as("a dry run's plan is never run").contains("plan of a dry run");
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).as("the damage is left as it is").isEqualTo(600);
        assertThat(shop.queryColumn("SHOW default_transaction_read_only")).containsExactly("off");
        shop.execute("INSERT INTO orders VALUES (5000)");
        assertThat(admin.queryLong("SELECT count(*) FROM pg_database")).as("no backup, restore or copy made")
                .isEqualTo(databases);
    }

    @Test
    void shouldUndoAFortyPercentDeleteByItselfWithAFullRollback() throws Exception {
        Sql shop = start("", "checks: {row_count_drift: {schedule: 1s, timeout: 1s}, corruption: {enabled: false}}");
        assertThat(post("/api/targets/shop/snapshots", new JsonObject(), TOKEN).getJsonObject("backup")
                .getBoolean("verified")).isTrue();

        shop.execute("DELETE FROM orders WHERE id <= 400");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonArray rollbacks = get("/api/rollbacks").getJsonArray("rollbacks");
            return rollbacks.size() == 1 && "succeeded".equals(rollbacks.getJsonObject(0).getString("status"));
        });
        JsonObject decision = get("/api/decisions").getJsonArray("decisions").getJsonObject(0);
        assertThat(decision.getString("issue")).isEqualTo("data_corruption");
        assertThat(decision.getString("strategy")).isEqualTo("full_rollback");
        JsonObject rollback = get("/api/rollbacks/" + get("/api/rollbacks").getJsonArray("rollbacks").getJsonObject(0)
                .getString("id"));
        assertThat(rollback.getJsonArray("evidence").encode()).as("the triggering check passes again")
                .contains("check row_count_drift ok").contains("verified: the schema is snapshot");
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).as("every row is back, same name").isEqualTo(1000);
        shop.execute("INSERT INTO orders VALUES (5000)");
        Sql admin = new Sql(server.address("postgres"));
        String replaced = admin.queryColumn("SELECT datname FROM pg_database WHERE datname LIKE 'shop\\_\\_replaced\\_%'")
                .get(0);
        assertThat(new Sql(server.address(replaced)).queryLong("SELECT count(*) FROM orders")).isEqualTo(600);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(MetricsText.value(
                HttpProbe.get(warden.baseUrl() + "/metrics").body(),
                "warden_rollback_within_budget{strategy=\"full_rollback\",target=\"shop\"}")).hasValue(1.0));
    }

    @Test
    void shouldRestoreADroppedColumnWithItsDataAfterShowingTheImpact() throws Exception {
        Sql shop = start("""
                decision_matrix:
                  - {issue: schema_mismatch, severity: high, strategy: branch_swap, time_budget: 10m, breaches_in_a_row: 1}
                """, "checks: {schema_drift: {schedule: 1s, timeout: 1s}, row_count_drift: {enabled: false},"
                + " corruption: {enabled: false}}");
        shop.execute("ALTER TABLE orders ADD COLUMN note text; UPDATE orders SET note = 'gift' WHERE id <= 10");
        assertThat(post("/api/targets/shop/snapshots", new JsonObject(), TOKEN).getJsonObject("backup")
                .getBoolean("verified")).isTrue();
        shop.execute("INSERT INTO orders VALUES (1001, 'written after the backup')");

        shop.execute("ALTER TABLE orders DROP COLUMN note");
        JsonObject plan = post("/api/targets/shop/rollbacks", new JsonObject().put("strategy", "branch_swap"), TOKEN);
        assertThat(plan.getJsonObject("impact").getJsonArray("tables").encode())
                .as("the plan shows the row written since the backup that a swap sets aside")
                .contains("\"table\":\"public.orders\"").contains("\"rows_set_aside\":1");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonArray rollbacks = get("/api/rollbacks").getJsonArray("rollbacks");
            return rollbacks.size() == 1 && "succeeded".equals(rollbacks.getJsonObject(0).getString("status"));
        });
        assertThat(get("/api/decisions").getJsonArray("decisions").getJsonObject(0).getString("issue"))
                .isEqualTo("schema_mismatch");
        assertThat(shop.queryLong("SELECT count(*) FROM orders WHERE note = 'gift'")).as("the column and its data are back")
                .isEqualTo(10);
    }

    @Test
    void shouldPageAHumanWhenARollbackDoesNotSucceed() throws Exception {
        Sql shop = start("", "");
        String clone = post("/api/targets/shop/snapshots", new JsonObject(), TOKEN).getJsonObject("backup").getString("location");
        // A backup that no longer matches what it recorded: its restore fails verification, before any swap.
        new Sql(server.address(clone)).execute("DELETE FROM orders WHERE id > 900");
        shop.execute("DELETE FROM orders WHERE id <= 400");

        JsonObject done = post("/api/targets/shop/rollbacks",
                new JsonObject().put("strategy", "branch_swap").put("dry_run", false), TOKEN);

        assertThat(done.getString("status")).as(done.encode()).isNotEqualTo("succeeded");
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).as("the target is left as it was").isEqualTo(600);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(MetricsText.value(
                HttpProbe.get(warden.baseUrl() + "/metrics").body(), "warden_alerts_firing{target=\"shop\"}").orElse(0))
                .as("WardenRollbackNeedsAttention fires").isGreaterThanOrEqualTo(1.0));
    }

    /** Issue 10: a CI retry re-applies the migration a verified rollback undid; that is a new incident, acted on. */
    @Test
    void shouldActOnTheSameMigrationAppliedAgainAfterAVerifiedRollback(@TempDir Path migrations) throws Exception {
        Sql shop = start("", "checks: {row_count_drift: {schedule: 1s, timeout: 1s}, corruption: {enabled: false}}");
        post("/api/targets/shop/snapshots", new JsonObject(), TOKEN);
        Files.writeString(migrations.resolve("V2__purge_old_orders.sql"), "DELETE FROM orders WHERE id <= 400;");
        PgAddress address = server.address("shop");
        Flyway flyway = Flyway.configure().dataSource(address.jdbcUrl(), address.user(), address.password())
                .locations("filesystem:" + migrations).baselineOnMigrate(true).baselineVersion("1").load();

        flyway.migrate();
        awaitRollbacksSucceeded(1);
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).isEqualTo(1000);
        // The restored database's history has no V2, so the retry applies it again.
        assertThat(flyway.migrate().migrationsExecuted).isEqualTo(1);
        awaitRollbacksSucceeded(2);

        assertThat(shop.queryLong("SELECT count(*) FROM orders")).as("restored twice").isEqualTo(1000);
        List<JsonObject> acted = decisions().stream()
                .filter(d -> d.getJsonObject("outcome").getString("kind").equals("acting")).toList();
        assertThat(acted).as("one rollback per incident, two incidents").hasSize(2);
        assertThat(acted.stream().map(d -> d.getString("incident_id")).distinct()).hasSize(2);
        assertThat(acted.stream().map(d -> d.getJsonObject("outcome").getString("rollback_id")))
                .containsExactlyInAnyOrderElementsOf(get("/api/rollbacks").getJsonArray("rollbacks").stream()
                        .map(r -> ((JsonObject) r).getString("id")).toList());
        assertThat(decisions()).as("every decision says what became of it").allSatisfy(d ->
                assertThat(d.getJsonObject("outcome").getString("kind")).isIn("acting", "not_acted"));
        assertThat(MetricsText.value(HttpProbe.get(warden.baseUrl() + "/metrics").body(),
                "warden_decision_outcomes_total{outcome=\"acting\",target=\"shop\"}")).hasValue(2.0);
        assertThat(new Sql(server.address("warden")).queryColumn(
                "SELECT closed_because FROM warden.incidents ORDER BY opened_at"))
                .allSatisfy(because -> assertThat(because).matches("rollback \\S+ verified"));
    }

    /** Issue 10: the approve-mode decision names the rollback to approve, in the API and in the alert Alertmanager holds. */
    @Test
    void shouldNameTheRollbackToApproveInTheDecisionAndItsAlert() throws Exception {
        try (AlertmanagerProcess alertmanager = AlertmanagerProcess.prepareWithConfig("approve", """
                route: {receiver: nobody}
                receivers: [{name: nobody}]
                """).start()) {
            Sql shop = start("""
                    decision_matrix:
                      - {issue: data_corruption, severity: critical, strategy: read_only, time_budget: 15m, mode: approve}
                    alerting: {alertmanagers: ["%s"], resend_interval: 500ms}
                    """.formatted(alertmanager.url()),
                    "checks: {row_count_drift: {schedule: 1s, timeout: 1s}, corruption: {enabled: false}}");
            post("/api/targets/shop/snapshots", new JsonObject(), TOKEN);
            // An operator's rollback just before belongs to no incident and must not swallow the decision.
            post("/api/targets/shop/rollbacks", new JsonObject().put("strategy", "freeze").put("dry_run", false), TOKEN);
            shop.execute("DELETE FROM orders WHERE id <= 400");

            JsonObject outcome = await().atMost(Duration.ofSeconds(20)).until(() -> decisions().stream()
                    .map(d -> d.getJsonObject("outcome"))
                    .filter(o -> o.getString("kind").equals("awaiting_approval")).findFirst(), Optional::isPresent)
                    .orElseThrow();
            String id = outcome.getString("rollback_id");
            assertThat(outcome.getString("detail")).contains("POST /api/rollbacks/" + id + "/approve");
            JsonObject alert = await().atMost(Duration.ofSeconds(20)).until(() -> alertmanager.alerts().stream()
                    .map(JsonObject.class::cast)
                    .filter(a -> a.getJsonObject("labels").getString("alertname").equals("WardenDecision"))
                    .filter(a -> id.equals(a.getJsonObject("annotations").getString("rollback_id")))
                    .findFirst(), Optional::isPresent).orElseThrow();
            assertThat(alert.getJsonObject("annotations").getString("action")).contains("/api/rollbacks/" + id + "/approve");

            JsonObject approved = post("/api/rollbacks/" + id + "/approve", new JsonObject(), TOKEN);

            assertThat(approved.getString("status")).as(approved.encode()).isEqualTo("succeeded");
            assertThat(shop.queryColumn("SHOW default_transaction_read_only")).containsExactly("on");
        }
    }

    /** Issue 10: an incident ends when its check passes again for close_after_passes cycles; the next breach is a new one. */
    @Test
    void shouldCloseAnIncidentWhenItsCheckPassesAgainThenAnswerTheNextOne() throws Exception {
        Sql shop = start("""
                decision_matrix:
                  - {issue: data_corruption, severity: critical, strategy: freeze, time_budget: 15m}
                incidents: {close_after_passes: 2}
                """, "checks: {row_count_drift: {schedule: 1s, timeout: 1s}, corruption: {enabled: false}}");
        post("/api/targets/shop/snapshots", new JsonObject(), TOKEN);
        Sql state = new Sql(server.address("warden"));

        shop.execute("DELETE FROM orders WHERE id <= 400");
        await().atMost(Duration.ofSeconds(20)).until(() -> frozen().size() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> decisions().size() >= 2);
        assertThat(decisions().stream().filter(d -> !frozen().contains(d)).map(d -> d.getJsonObject("outcome")
                .getString("detail"))).as("the same incident's later decisions say why nothing more is done")
                .allSatisfy(detail -> assertThat(detail).startsWith("not acted: the rule's cooldown in incident"));
        shop.execute("INSERT INTO orders SELECT generate_series(1, 400)");
        await().atMost(Duration.ofSeconds(20)).until(() -> state.queryLong(
                "SELECT count(*) FROM warden.incidents WHERE closed_at IS NOT NULL") == 1);
        assertThat(state.queryColumn("SELECT closed_because FROM warden.incidents"))
                .containsExactly("row_count_drift passed 2 time(s) in a row");

        shop.execute("DELETE FROM orders WHERE id <= 400");

        await().atMost(Duration.ofSeconds(20)).until(() -> frozen().size() == 2);
        assertThat(frozen().stream().map(d -> d.getString("incident_id")).distinct()).hasSize(2);
        assertThat(get("/api/rollbacks").getJsonArray("rollbacks").stream()
                .filter(r -> "freeze".equals(((JsonObject) r).getString("strategy")))).hasSize(2);
    }

    private List<JsonObject> frozen() {
        return decisions().stream().filter(d -> d.getJsonObject("outcome").getString("kind").equals("frozen")).toList();
    }

    private List<JsonObject> decisions() {
        return get("/api/decisions").getJsonArray("decisions").stream().map(JsonObject.class::cast).toList();
    }

    private void awaitRollbacksSucceeded(int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonArray rollbacks = get("/api/rollbacks").getJsonArray("rollbacks");
            return rollbacks.size() == count && rollbacks.stream()
                    .allMatch(r -> "succeeded".equals(((JsonObject) r).getString("status")));
        });
    }

    @Test
    void shouldShowAReadOnlyTargetEverywhereUntilItIsLiftedByTheApiThenTheCli() throws Exception {
        Sql shop = start("", "");
        Sql state = new Sql(server.address("warden"));
        await().atMost(Duration.ofSeconds(10)).until(() -> readOnlyMetric() == 0.0);

        JsonObject stopped = post("/api/targets/shop/rollbacks",
                new JsonObject().put("strategy", "read_only").put("dry_run", false), TOKEN);
        assertThat(stopped.getString("status")).as(stopped.encode()).isEqualTo("succeeded");

        assertThat(shop.queryColumn("SHOW default_transaction_read_only")).containsExactly("on");
        await().atMost(Duration.ofSeconds(10)).until(() -> readOnlyMetric() == 1.0);
        JsonObject ready = new JsonObject(HttpProbe.get(warden.baseUrl() + "/health/ready").body());
        assertThat(ready.getJsonArray("targets").getJsonObject(0).getBoolean("read_only")).as(ready.encode()).isTrue();
        assertThat(get("/api/targets").getJsonArray("targets").getJsonObject(0).getBoolean("read_only")).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> readOnlyAlert(state).equals(List.of("firing")));

        JsonObject lifted = post("/api/targets/shop/lift", new JsonObject(), TOKEN);
        assertThat(lifted.getString("status")).as(lifted.encode()).isEqualTo("succeeded");
        assertThat(lifted.getBoolean("lift")).isTrue();
        assertThat(lifted.getJsonArray("steps").encode()).contains("reset_default_read_only");
        shop.execute("INSERT INTO orders VALUES (5000)");
        await().atMost(Duration.ofSeconds(10)).until(() -> readOnlyMetric() == 0.0);
        assertThat(get("/api/targets").getJsonArray("targets").getJsonObject(0).getBoolean("read_only")).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> readOnlyAlert(state).equals(List.of("resolved")));
        JsonObject journaled = get("/api/rollbacks/" + lifted.getString("id"));
        assertThat(journaled.getString("strategy")).isEqualTo("read_only");
        assertThat(journaled.getBoolean("lift")).isTrue();
        assertThat(journaled.getJsonArray("journal").encode()).contains("reset_default_read_only").contains("succeeded");

        post("/api/targets/shop/rollbacks", new JsonObject().put("strategy", "read_only").put("dry_run", false), TOKEN);
        await().atMost(Duration.ofSeconds(10)).until(() -> readOnlyMetric() == 1.0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"rollback", "lift", "--target", "shop", "--url", warden.baseUrl()},
                Map.of("WARDEN_TOKEN", TOKEN), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("reset_default_read_only").contains(": succeeded - all 2");
        shop.execute("INSERT INTO orders VALUES (5001)");
        await().atMost(Duration.ofSeconds(10)).until(() -> readOnlyMetric() == 0.0);
        assertThat(get("/api/rollbacks").getJsonArray("rollbacks").stream().map(JsonObject.class::cast)
                .filter(r -> r.getBoolean("lift")).count()).as("both lifts are journaled").isEqualTo(2);
        assertThat(MetricsText.value(HttpProbe.get(warden.baseUrl() + "/metrics").body(),
                "warden_rollbacks_total{outcome=\"succeeded\",strategy=\"read_only\",target=\"shop\"}"))
                .as("a lift is not counted as a rollback").hasValue(2.0);
        assertThat(post("/api/targets/nowhere/lift", new JsonObject(), TOKEN, 404).getString("error")).contains("nowhere");
    }

    @Test
    void shouldListTheCodeRevertAFullRollbackSkipsAndSayWhy() throws Exception {
        start("", "");
        assertThat(post("/api/targets/shop/snapshots", new JsonObject(), TOKEN).getJsonObject("backup")
                .getBoolean("verified")).isTrue();

        JsonObject plan = post("/api/targets/shop/rollbacks", new JsonObject().put("strategy", "full_rollback"), TOKEN);

        JsonObject skipped = plan.getJsonArray("steps").stream().map(JsonObject.class::cast)
                .filter(step -> step.getString("name").equals("code_revert")).findFirst().orElseThrow();
        assertThat(skipped.getBoolean("skipped")).isTrue();
        assertThat(skipped.getString("why")).contains("no code_revert settings");
        assertThat(plan.getJsonArray("steps").stream().map(JsonObject.class::cast)
                .filter(step -> step.containsKey("skipped"))).as("the only step it skips").hasSize(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"rollback", "plan", "--target", "shop", "--strategy", "full_rollback", "--url",
                warden.baseUrl()}, Map.of("WARDEN_TOKEN", TOKEN), new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(". code_revert (skipped: the target has no code_revert"
                + " settings");
    }

    @Test
    void shouldShowTheTrueImpactOfADumpBackupFromTheExactCountsOfItsSnapshot() throws Exception {
        Sql shop = start(15, "backup: dump, dump_dir: \"" + PostgresServer.workDirectory().resolve("dumps-" + System.nanoTime()) + "\"",
                "", "");
        shop.execute("INSERT INTO orders SELECT generate_series(1001, 5000)");
        JsonObject snapshot = post("/api/targets/shop/snapshots", new JsonObject(), TOKEN);
        assertThat(snapshot.getJsonObject("backup").getString("kind")).isEqualTo("dump");
        assertThat(snapshot.getJsonObject("backup").getBoolean("verified")).as(snapshot.encode()).isTrue();
        shop.execute("DELETE FROM orders WHERE id > 500");

        JsonObject plan = post("/api/targets/shop/rollbacks", new JsonObject().put("strategy", "branch_swap"), TOKEN);

        JsonObject orders = plan.getJsonObject("impact").getJsonArray("tables").getJsonObject(0);
        assertThat(orders.getString("table")).isEqualTo("public.orders");
        assertThat(orders.getLong("rows_in_backup")).as(plan.encode()).isEqualTo(5000);
        assertThat(orders.getLong("rows_now")).isEqualTo(500);
        assertThat(orders.getLong("rows_brought_back")).isEqualTo(4500);
        assertThat(orders.getLong("rows_set_aside")).isZero();
        assertThat(plan.getJsonObject("impact").getJsonArray("notes").encode())
                .contains("rows in the backup: the exact counts of snapshot " + snapshot.getLong("id"))
                .doesNotContain("holds no row count");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Main.run(new String[] {"rollback", "plan", "--target", "shop", "--strategy", "branch_swap", "--url",
                warden.baseUrl()}, Map.of("WARDEN_TOKEN", TOKEN), new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("public.orders: 0 rows set aside, 4500 brought back");
    }

    private double readOnlyMetric() {
        return MetricsText.value(HttpProbe.get(warden.baseUrl() + "/metrics").body(),
                "warden_target_read_only{target=\"shop\"}").orElse(-1);
    }

    /** The WardenTargetReadOnly alert's status in the persisted outbox. */
    private static List<String> readOnlyAlert(Sql state) {
        return state.queryColumn("SELECT status FROM warden.alerts WHERE alertname = 'WardenTargetReadOnly'"
                + " AND labels ->> 'target' = 'shop'");
    }

    /**
     * Issue 13 point 3: on PostgreSQL 18 the target's restore kind follows file_copy_method. The server
     * starts with the default (copy: a block copy); turned to clone on the server, the next heartbeat
     * says reflink_clone, and so do the clone taken next, its door-shut metric and the plan.
     */
    @Test
    void shouldReportTheRestoreKindFileCopyMethodGivesOnPostgres18() throws Exception {
        start(18, "backup: clone", "", "");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(restore().getString("kind")).isEqualTo("block_copy"));
        assertThat(restore().getString("file_copy_method")).isEqualTo("copy");
        assertThat(restore().getString("why")).contains("file_copy_method = clone on XFS or Btrfs would clone instead");

        new Sql(server.address("postgres")).execute("ALTER SYSTEM SET file_copy_method = clone; SELECT pg_reload_conf()");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(restore().getString("kind")).isEqualTo("reflink_clone"));
        JsonObject snapshot = post("/api/targets/shop/snapshots", new JsonObject(), TOKEN);

        JsonObject restore = restore();
        assertThat(restore.getString("server_version")).startsWith("18.");
        assertThat(restore.getString("file_copy_method")).isEqualTo("clone");
        assertThat(restore.getString("why")).contains("clones the files, by reflink on a file system that has them (XFS, Btrfs)");
        JsonObject lastClone = restore.getJsonObject("last_clone");
        assertThat(lastClone.getString("backup")).isEqualTo(snapshot.getJsonObject("backup").getString("location"));
        assertThat(lastClone.getString("restore_kind")).isEqualTo("reflink_clone");
        String metrics = HttpProbe.get(warden.baseUrl() + "/metrics").body();
        assertThat(MetricsText.value(metrics, "warden_backup_door_shut_seconds{restore_kind=\"reflink_clone\",target=\"shop\"}"))
                .hasValue(lastClone.getLong("door_shut_ms") / 1000.0);

        JsonObject plan = post("/api/targets/shop/rollbacks", new JsonObject().put("strategy", "branch_swap"), TOKEN);
        assertThat(plan.getJsonObject("impact").getJsonArray("notes").encode())
                .contains("restore kind: reflink_clone: clone backup " + lastClone.getString("backup"))
                .contains(" (PostgreSQL 18.")
                .contains("taking this clone kept shop's sessions out for " + lastClone.getLong("door_shut_ms") + " ms");
    }

    private JsonObject restore() {
        HttpProbe.Response response = HttpProbe.get(warden.baseUrl() + "/api/targets/shop", TOKEN);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonObject("restore");
    }

    private Sql start(String extraTopLevel, String extraTarget) {
        return start(EmbeddedServer.CLASSPATH_MAJOR, "backup: clone", extraTopLevel, extraTarget);
    }

    /** @param snapshots the target's snapshot keys besides the schedule */
    private Sql start(int major, String snapshots, String extraTopLevel, String extraTarget) {
        server = EmbeddedServer.start(PostgresServer.workDirectory().resolve("rollback-api-" + System.nanoTime()),
                major);
        Sql admin = new Sql(server.address("postgres"));
        admin.execute("CREATE DATABASE shop");
        Sql shop = new Sql(server.address("shop"));
        shop.execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 1000)");
        warden = Warden.start(ConfigLoader.parse("""
                server: {port: 0, token: %s}
                state: {url: "%s"}
                %s
                targets:
                  - name: shop
                    url: "%s"
                    critical_tables: [orders]
                    heartbeat_interval: 500ms
                    snapshots: {schedule: "off", %s}
                    %s
                """.formatted(TOKEN, server.address("warden").uri(), extraTopLevel, server.address("shop").uri(),
                snapshots, extraTarget), "test", Map.of()), Clock.systemUTC());
        return shop;
    }

    private JsonObject post(String path, JsonObject body, String token) throws Exception {
        return post(path, body, token, 0);
    }

    /** @param expected the status to insist on, or 0 for any 2xx */
    private JsonObject post(String path, JsonObject body, String token, int expected) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(warden.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (expected == 0) {
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        } else {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        }
        return new JsonObject(response.body());
    }

    private JsonObject get(String path) {
        return new JsonObject(text(path));
    }

    private String text(String path) {
        HttpProbe.Response response = HttpProbe.get(warden.baseUrl() + path, TOKEN);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
