package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 part 2: {@code warden drill} rehearsing a plain psql migration and its rollbacks on a
 * scratch copy of a real target, through a real daemon. The CLI runs in this JVM; its child (psql) is real.
 */
class DrillCommandTest extends MigrateHarness {
    private static final String DRILL_DATABASES = "SELECT datname FROM pg_database"
            + " WHERE datname LIKE 'warden_drill%' OR datname LIKE 'shop\\_\\_%' ORDER BY 1";
    private static final String COLUMNS = "SELECT table_name || '.' || column_name || ' ' || data_type"
            + " FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1";

    @Test
    void shouldRehearseAMigrationAndItsRollbackOnACopyAndLeaveTheTargetAsItWas() throws Exception {
        start();
        List<String> columnsBefore = shop.queryColumn(COLUMNS);
        Path migration = script("""
                \\echo adding a note column
                BEGIN;
                ALTER TABLE orders ADD COLUMN note text;
                UPDATE orders SET note = 'checked' WHERE id <= 10;
                SELECT pg_sleep(1.5);
                COMMIT;
                """);

        CompletableFuture<Run> drilling = CompletableFuture.supplyAsync(() -> drill(migration));
        // Once the copy exists the target has had its one touch: a session opened now must see no error at all.
        await().atMost(Duration.ofSeconds(30)).until(() -> !postgres.queryColumn("SELECT datname FROM pg_database"
                + " WHERE shobj_description(oid, 'pg_database') LIKE 'Warden drill %'").isEmpty() || drilling.isDone());
        List<String> sessionErrors = new ArrayList<>();
        long queries = 0;
        try (Connection session = shop.connect(); Statement statement = session.createStatement()) {
            while (!drilling.isDone()) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM orders")) {
                    rows.next();
                    queries++;
                } catch (SQLException e) {
                    sessionErrors.add(e.getMessage());
                }
            }
        }
        Run run = drilling.get();

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("adding a note column").contains("branch_swap: verified within budget")
                .contains("warden: drill " + run.id() + " passed");
        assertThat(sessionErrors).as("a target session open during the drill").isEmpty();
        assertThat(queries).isPositive();
        assertThat(shop.queryColumn(COLUMNS)).as("the target's schema").isEqualTo(columnsBefore);
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).isEqualTo(1000);
        assertThat(postgres.queryColumn(DRILL_DATABASES)).as("every database the drill made is dropped").isEmpty();

        JsonObject report = get("/api/drills/" + run.id());
        assertThat(report.getString("status")).isEqualTo("passed");
        assertThat(report.getInteger("exit_code")).isZero();
        JsonObject branchSwap = strategy(report, "branch_swap");
        assertThat(branchSwap.getBoolean("drilled")).isTrue();
        assertThat(branchSwap.getLong("budget_ms")).as("schema_mismatch/high's time_budget").isEqualTo(600_000);
        assertThat(branchSwap.getJsonArray("rules").getList()).contains("schema_mismatch/high");
        assertThat(branchSwap.getBoolean("within_budget")).isTrue();
        JsonArray steps = branchSwap.getJsonArray("steps");
        assertThat(steps).isNotEmpty();
        steps.stream().map(JsonObject.class::cast).forEach(step -> {
            // A step whose effect was already in place (no session to end on the copy) is skipped, as on a target.
            assertThat(step.getString("result")).as(step.encode()).isIn("succeeded", "skipped_already_done");
            assertThat(step.getLong("ms")).isNotNegative();
        });
        assertThat(steps.stream().map(JsonObject.class::cast).filter(step -> step.getString("result").equals("succeeded"))
                .map(step -> step.getString("step"))).contains("restore_backup", "verify_restore");
        assertThat(branchSwap.getJsonArray("verification").getString(0))
                .isEqualTo("the copy's schema and critical tables' rows match the restore point");
        JsonObject fullRollback = strategy(report, "full_rollback");
        assertThat(fullRollback.getString("result")).as(fullRollback.encode()).isEqualTo("verified within budget");
        assertThat(fullRollback.getString("not_drilled_part")).startsWith("code_revert acts outside the database");
        assertThat(fullRollback.getString("summary")).contains("skipped as planned: code_revert (code_revert acts outside");
        assertThat(fullRollback.getLong("copy_reset_ms")).as("made again from the migrated copy").isNotNegative();
        assertThat(report.getJsonArray("statements").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("statement").contains("pg_sleep")).findFirst().orElseThrow()
                .getJsonArray("locks_held").getList()).contains("AccessExclusiveLock on orders");
        assertThat(report.getJsonArray("dropped").getList()).contains("warden_drill_" + run.id());
        assertThat(text("/api/drills/" + run.id() + "/report")).startsWith("# Drill " + run.id())
                .contains("- result: **drill " + run.id() + " passed**").contains("### branch_swap (schema_mismatch/high)")
                .contains("of a 600000 ms budget").contains("## Locks taken by the migration's statements")
                .contains("AccessExclusiveLock on orders");
        Run printed = cli("report", run.id());
        assertThat(printed.exit()).as(printed.output()).isZero();
        assertThat(printed.output()).as("warden report shows the API's Markdown")
                .isEqualTo(text("/api/drills/" + run.id() + "/report"));
        assertThat(run.output().lines().filter(line -> line.matches("warden: (branch_swap|full_rollback): .*")))
                .hasSize(2).allSatisfy(line -> assertThat(printed.output()).as("the drill's own words")
                        .contains(line.substring("warden: ".length())));
        Run last = cli("report", "--last-drill", "--target", "shop", "-o", "json");
        assertThat(new JsonObject(last.output()).getString("id")).as(last.output()).isEqualTo(run.id());
        assertThat(text("/api/targets/shop/drills/last/report")).isEqualTo(printed.output());
        assertThat(get("/api/drills?target=shop").getJsonArray("drills").getJsonObject(0).getString("status"))
                .isEqualTo("passed");
        String metrics = HttpProbe.get(warden.baseUrl() + "/metrics").body();
        assertThat(MetricsText.value(metrics, "warden_drill_seconds{strategy=\"branch_swap\",target=\"shop\"}")
                .orElseThrow()).isPositive();
        assertThat(MetricsText.value(metrics, "warden_drill_last_passed{target=\"shop\"}")).hasValue(1.0);
        assertThat(MetricsText.value(metrics, "warden_drill_last_timestamp_seconds{target=\"shop\"}")).isPresent();
    }

    @Test
    void shouldExitOneWhenARollbackMissesItsBudget() throws Exception {
        start();

        Run run = drill(script("ALTER TABLE orders ADD COLUMN note text;"), "--budget", "1ms");

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("branch_swap: missed its budget").contains("warden: drill " + run.id() + " failed");
        JsonObject branchSwap = strategy(get("/api/drills/" + run.id()), "branch_swap");
        assertThat(branchSwap.getBoolean("within_budget")).isFalse();
        assertThat(branchSwap.getLong("budget_ms")).isEqualTo(1);
        assertThat(postgres.queryColumn(DRILL_DATABASES)).isEmpty();
        assertThat(MetricsText.value(HttpProbe.get(warden.baseUrl() + "/metrics").body(),
                "warden_drill_last_passed{target=\"shop\"}")).hasValue(0.0);
    }

    @Test
    void shouldDropTheCopiesWhenTheCommandFails() throws Exception {
        start();

        Run run = drill(script("CREATE TABLE half_done (id int);\nSELECT 1 / 0;"));

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("division by zero").contains("the command failed with exit code 3");
        assertThat(postgres.queryColumn(DRILL_DATABASES)).isEmpty();
        assertThat(shop.queryColumn("SELECT to_regclass('public.half_done') IS NULL")).containsExactly("t");
        assertThat(get("/api/drills/" + run.id()).getString("status")).isEqualTo("failed");
    }

    @Test
    void shouldDropWhatAnInterruptedDrillLeftWhenWardenStarts() {
        startServer();
        postgres.execute("CREATE DATABASE warden_drill_0123456789ab");
        postgres.execute("COMMENT ON DATABASE warden_drill_0123456789ab IS 'Warden drill 0123456789ab: scratch copy'");
        postgres.execute("CREATE DATABASE warden_drill_notes");
        config("", "", "");

        startWarden();

        await().atMost(Duration.ofSeconds(20)).until(() -> postgres.queryColumn(DRILL_DATABASES)
                .equals(List.of("warden_drill_notes")));
    }

    @Test
    void shouldEndADrillWhoseClientWentSilentAndDropItsCopies() {
        start();

        HttpProbe.Response opened = HttpProbe.post(warden.baseUrl() + "/api/targets/shop/drills", new JsonObject()
                .put("command", List.of("psql")).put("client_timeout", "1s").encode(), TOKEN);

        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        String id = new JsonObject(opened.body()).getString("id");
        assertThat(new JsonObject(opened.body()).getJsonObject("connection").getString("database"))
                .isEqualTo("warden_drill_" + id);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/drills/" + id).getString("status").equals("failed"));
        assertThat(get("/api/drills/" + id).getJsonArray("reasons").getString(0))
                .isEqualTo("the client did not report the command's end within 1 s: no rollback was drilled");
        assertThat(postgres.queryColumn(DRILL_DATABASES)).isEmpty();
    }

    @Test
    void shouldSayWhatIsMissingWhenAReportIsAskedOfATargetWithoutADrill() {
        start();

        Run none = cli("report", "--last-drill", "--target", "shop");
        Run neither = cli("report");

        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.output()).contains("no drill on shop yet: warden drill --target shop -- CMD runs one");
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.output()).contains("give a report's ID, or --last-drill --target T");
    }

    @Test
    void shouldRefuseADrillWithoutACommand() {
        start();

        Run run = cli("drill", "--target", "shop");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("no command to drill");
    }

    @Test
    void shouldDrillTheDownMigrationOfARealFlywayMigrationOnTheCopy() throws Exception {
        Path migrations = Files.createDirectories(scripts.resolve("flyway"));
        Files.writeString(migrations.resolve("V1__customers.sql"), "CREATE TABLE customers (id int PRIMARY KEY);\n");
        Files.writeString(migrations.resolve("V2__add_note.sql"), """
                ALTER TABLE orders ADD COLUMN note text;
                CREATE INDEX orders_note ON orders (note);
                SELECT pg_sleep(1);
                """);
        Path undo = Files.createDirectories(scripts.resolve("undo"));
        Files.writeString(undo.resolve("U2__add_note.sql"), "DROP INDEX orders_note;\nALTER TABLE orders DROP COLUMN note;\n");
        startWithDownMigration("flyway", undo);
        flywayOnTarget(migrations, "-Dflyway.target=1");
        List<String> historyBefore = shop.queryColumn("SELECT version FROM flyway_schema_history ORDER BY installed_rank");

        List<String> args = new ArrayList<>(List.of("drill", "--target", "shop", "--"));
        args.addAll(MavenTools.flyway(scripts, migrations));
        Run run = cli(args.toArray(String[]::new));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("down_migration: verified within budget (")
                .contains("  run_down_migrations succeeded in ").contains("drill " + run.id() + " passed");
        JsonObject report = get("/api/drills/" + run.id());
        JsonObject down = strategy(report, "down_migration");
        assertThat(down.getLong("budget_ms")).as("schema_mismatch/critical's time_budget").isEqualTo(300_000);
        assertThat(down.getBoolean("within_budget")).isTrue();
        assertThat(down.getJsonArray("steps").stream().map(JsonObject.class::cast).map(st -> st.getString("step")
                + " " + st.getString("result"))).containsExactly("take_pre_rollback_backup succeeded",
                "run_down_migrations succeeded");
        assertThat(down.getJsonArray("verification").getList()).containsExactly(
                "the copy's schema and critical tables' rows match the restore point");
        assertThat(down.getJsonArray("evidence").encode()).contains("undid version(s) [2]");
        assertThat(strategy(report, "branch_swap").getString("result")).isEqualTo("verified within budget");
        assertThat(strategy(report, "full_rollback").getString("result")).isEqualTo("verified within budget");
        assertThat(report.getJsonArray("statements").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("statement").contains("pg_sleep")).findFirst().orElseThrow()
                .getJsonArray("locks_held").getList()).as("Flyway's session is named by {{url}}")
                .contains("AccessExclusiveLock on orders");
        assertThat(shop.queryColumn("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .as("the target's history").isEqualTo(historyBefore);
        assertThat(shop.queryColumn("SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
                .containsExactly("0");
        assertThat(postgres.queryColumn(DRILL_DATABASES)).as("every database the drill made is dropped").isEmpty();
    }

    @Test
    void shouldFailTheDrillWhenTheDownMigrationCannotBringBackWhatTheMigrationDeleted() throws Exception {
        Path versions = Files.createDirectories(scripts.resolve("golang"));
        Files.writeString(versions.resolve("1_orders.up.sql"), "-- the orders table, as the test made it\n");
        Files.writeString(versions.resolve("1_orders.down.sql"), "DROP TABLE orders;\n");
        Files.writeString(versions.resolve("2_purge.up.sql"), "DELETE FROM orders WHERE id > 900;\n");
        Files.writeString(versions.resolve("2_purge.down.sql"), "-- deleted rows cannot be brought back\nSELECT 1;\n");
        startWithDownMigration("golang_migrate", versions);
        shop.execute("CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);"
                + " INSERT INTO schema_migrations VALUES (1, false)");

        // psql plays golang-migrate: the migration, then the tool's record of its new version.
        Run run = drill(script("BEGIN;\nDELETE FROM orders WHERE id > 900;\n"
                + "UPDATE schema_migrations SET version = 2;\nCOMMIT;\n"));

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        JsonObject report = get("/api/drills/" + run.id());
        JsonObject down = strategy(report, "down_migration");
        assertThat(down.getString("result")).as(down.encode())
                .isEqualTo("not verified: public.orders: 1000 rows before, 900 after");
        assertThat(down.getBoolean("rolled_back")).as("the down script itself ran").isTrue();
        assertThat(strategy(report, "branch_swap").getString("result")).as("a restore brings the rows back")
                .isEqualTo("verified within budget");
        assertThat(report.getJsonArray("reasons").getList())
                .containsExactly("down_migration: not verified: public.orders: 1000 rows before, 900 after");
        assertThat(run.output()).contains("warden: drill " + run.id() + " failed: down_migration: not verified");
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).as("the target keeps its rows").isEqualTo(1000);
        assertThat(shop.queryLong("SELECT version FROM schema_migrations")).isEqualTo(1);
        assertThat(postgres.queryColumn(DRILL_DATABASES)).isEmpty();
    }

    /** The target with down_migration settings, and a rule answering schema_mismatch/critical with it (5 min). */
    private void startWithDownMigration(String tool, Path directory) {
        start("", """
                rollback:
                  down_migration: {tool: %s, directory: "%s"}""".formatted(tool, directory), """
                decision_matrix:
                  - {issue: schema_mismatch, severity: critical, strategy: down_migration, time_budget: 5m}
                """);
    }

    /** Flyway run straight on the target, as its deploys did before the drill. */
    private void flywayOnTarget(Path migrations, String... properties) throws Exception {
        String url = "jdbc:postgresql://" + server.address("shop").host() + ":" + server.address("shop").port()
                + "/shop?user=" + server.address("shop").user();
        List<String> command = MavenTools.flyway(scripts, migrations, properties).stream()
                .map(arg -> arg.replace("{{url}}", url)).toList();
        Process flyway = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(flyway.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(flyway.waitFor()).as(output).isZero();
    }

    private static JsonObject strategy(JsonObject report, String name) {
        return report.getJsonArray("strategies").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("strategy").equals(name)).findFirst().orElseThrow();
    }

    private Run drill(Path script, String... options) {
        List<String> args = new ArrayList<>(List.of("drill", "--target", "shop"));
        args.addAll(List.of(options));
        args.addAll(List.of("--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", script.toString()));
        return cli(args.toArray(String[]::new));
    }

    private void start() {
        start("");
    }
}
