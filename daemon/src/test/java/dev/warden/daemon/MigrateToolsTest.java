package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: {@code warden migrate} running the real migration tools: Flyway and Liquibase through their
 * Maven plugins ({@link MavenTools}), and a psql script that commits as it
 * goes. The tools reach the target only through what Warden gives the child: PG* variables and
 * {@code {{url}}}.
 */
class MigrateToolsTest extends MigrateHarness {
    @Test
    void shouldPassAGoodFlywayMigrationWhoseSessionTheLockWatchRecognises() throws Exception {
        start("");
        Path migrations = Files.createDirectories(scripts.resolve("flyway"));
        Files.writeString(migrations.resolve("V2__add_note.sql"),
                "ALTER TABLE orders ADD COLUMN note text;\nSELECT pg_sleep(2);\n");

        CompletableFuture<Run> migration = CompletableFuture.supplyAsync(() -> flyway(migrations));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> shop.queryLong("SELECT count(*)"
                + " FROM pg_stat_activity WHERE application_name LIKE 'warden-migrate-%'") >= 1);
        Run run = migration.get();

        assertThat(run.exit()).as(run.output()).isZero();
        JsonObject report = get("/api/migrations/" + run.id());
        assertThat(report.getString("status")).isEqualTo("succeeded");
        assertThat(report.getJsonArray("schema_changes").encode()).contains("new column public.orders.note");
        assertThat(report.getValue("baseline_snapshot")).isNotNull();
        assertThat(report.encode()).as("the stored report holds no login").doesNotContain("\"connection\"");
        assertThat(shop.queryColumn("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .contains("2");
    }

    @Test
    void shouldRollBackAFailingFlywayMigration() throws Exception {
        start("");
        Path migrations = Files.createDirectories(scripts.resolve("flyway"));
        Files.writeString(migrations.resolve("V2__broken.sql"), "ALTER TABLE orders ADD COLUMN note text;\nSELECT 1 / 0;\n");

        Run run = flyway(migrations);

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("division by zero").contains("the command failed with exit code 1");
        JsonObject report = get("/api/migrations/" + run.id());
        assertThat(report.getString("status")).isEqualTo("failed");
        assertThat(report.getJsonObject("rollback").getString("status")).as(report.encode()).isEqualTo("succeeded");
        assertThat(shop.queryColumn("SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
                .containsExactly("0");
    }

    @Test
    void shouldRollBackANonTransactionalFlywayMigrationThatFailedAfterCommitting() throws Exception {
        start("");
        Path migrations = Files.createDirectories(scripts.resolve("flyway"));
        // CREATE INDEX CONCURRENTLY cannot run in a transaction: with mixed=true Flyway runs the whole
        // script statement by statement, so the rows and the index are committed before the failure.
        // Without transactional.lock=false the index would wait forever for Flyway's own lock transaction.
        Files.writeString(migrations.resolve("V2__concurrent_index.sql"), """
                INSERT INTO orders SELECT generate_series(1001, 1100);
                CREATE INDEX CONCURRENTLY orders_newest ON orders (id DESC);
                SELECT 1 / 0;
                """);

        Run run = flyway(migrations, "-Dflyway.mixed=true", "-Dflyway.postgresql.transactional.lock=false");

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        JsonObject report = get("/api/migrations/" + run.id());
        assertThat(report.getString("status")).isEqualTo("failed");
        assertThat(report.getJsonArray("row_deltas").getJsonObject(0).getLong("after")).as("committed before the failure")
                .isEqualTo(1100);
        assertThat(report.getJsonObject("rollback").getString("status")).as(report.encode()).isEqualTo("succeeded");
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).isEqualTo(1000);
        assertThat(shop.queryColumn("SELECT to_regclass('public.orders_newest') IS NULL")).containsExactly("t");
    }

    @Test
    void shouldPassAGoodLiquibaseMigration() throws Exception {
        start("");
        Path changelogs = Files.createDirectories(scripts.resolve("liquibase"));
        Files.writeString(changelogs.resolve("changelog.sql"), """
                --liquibase formatted sql
                --changeset warden:1
                ALTER TABLE orders ADD COLUMN note text;
                INSERT INTO orders SELECT generate_series(1001, 1005);
                """);

        Run run = migrateWith(MavenTools.command(MavenTools.pom(scripts, "org.liquibase", "liquibase-maven-plugin",
                MavenTools.LIQUIBASE, ""), List.of("liquibase:update", "-Dliquibase.url={{url}}",
                "-Dliquibase.searchPath=" + changelogs, "-Dliquibase.changeLogFile=changelog.sql",
                "-Dliquibase.analytics.enabled=false")));

        assertThat(run.exit()).as(run.output()).isZero();
        JsonObject report = get("/api/migrations/" + run.id());
        assertThat(report.getString("status")).as(report.encode()).isEqualTo("succeeded");
        assertThat(report.getJsonArray("row_deltas").getJsonObject(0).getLong("after")).isEqualTo(1005);
        assertThat(shop.queryColumn("SELECT id FROM databasechangelog")).containsExactly("1");
    }

    @Test
    void shouldRollBackAScriptThatCommittedHalfOfItselfBeforeFailing() throws Exception {
        start("");
        // No wrapping transaction: psql commits each statement, so the first three stay when the fourth fails.
        Path script = script("""
                CREATE TABLE audit (id int);
                ALTER TABLE orders ADD COLUMN note text;
                UPDATE orders SET note = 'touched' WHERE id <= 100;
                SELECT no_such_column FROM orders;
                """);

        Run run = cli("migrate", "--target", "shop", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f",
                script.toString());

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        JsonObject report = get("/api/migrations/" + run.id());
        assertThat(report.getString("status")).isEqualTo("failed");
        assertThat(report.getJsonArray("reasons").encode()).contains("the command failed with exit code 3");
        assertThat(report.getJsonObject("rollback").getString("status")).as(report.encode()).isEqualTo("succeeded");
        assertThat(shop.queryColumn("SELECT to_regclass('public.audit') IS NULL")).containsExactly("t");
        assertThat(shop.queryColumn("SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"))
                .containsExactly("0");
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).isEqualTo(1000);
    }

    private Run flyway(Path migrations, String... moreProperties) {
        return migrateWith(MavenTools.flyway(scripts, migrations, moreProperties));
    }

    private Run migrateWith(List<String> command) {
        List<String> args = new ArrayList<>(List.of("migrate", "--target", "shop", "--"));
        args.addAll(command);
        return cli(args.toArray(String[]::new));
    }
}
