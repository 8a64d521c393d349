package dev.warden.rollback.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.migrations.MigrationHistoryReader;
import dev.warden.checks.migrations.MigrationRecord;
import dev.warden.checks.migrations.MigrationState;
import dev.warden.checks.migrations.MigrationTools;
import dev.warden.rollback.backup.CloneBackup;
import dev.warden.rollback.down.DownMigrationSettings;
import dev.warden.rollback.down.DownMigrationTool;
import dev.warden.rollback.down.FlywayUndoRow;
import dev.warden.rollback.down.UndoScripts;
import dev.warden.rollback.engine.DataImpact;
import dev.warden.rollback.engine.JournalFixture;
import dev.warden.rollback.engine.PgJournal;
import dev.warden.rollback.engine.RollbackExecutor;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.RollbackOutcome;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStatus;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import dev.warden.rollback.external.CommandSettings;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
/** Pre-rollback clones cut a target's sessions off: these run on a server of their own. */
class DownMigrationStrategyTest {
    private static final Instant AT = Instant.parse("2026-11-22T04:15:00Z");
    private static final String STAMP = "20261122T041500Z";
    private static EmbeddedServer pg;
    private static Sql admin;
    private static Sql state;
    private static Vertx vertx;
    private static Pool statePool;
    private DownMigrationSettings settings;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        pg = EmbeddedServer.start(PostgresServer.workDirectory().resolve("down-pg17-" + ProcessHandle.current().pid()), 17);
        admin = new Sql(pg.address("postgres"));
        admin.execute("CREATE DATABASE warden_state");
        state = new Sql(pg.address("warden_state"));
        JournalFixture.createTables(state);
        vertx = Vertx.vertx();
        statePool = JournalFixture.pool(vertx, pg.address("warden_state"));
    }

    @AfterAll
    static void tearDown() {
        if (statePool != null) {
            statePool.close().await();
            vertx.close().await();
        }
        if (pg != null) {
            pg.stop();
        }
    }

    @Test
    void shouldUndoFlywayV2WithABackupFirstAndRecordTheUndoAsFlywayTeamsDoes() throws IOException {
        Path scripts = flywayProject("shop_fw");
        settings = DownMigrationSettings.of(DownMigrationTool.FLYWAY, scripts, cloneBackup());
        RollbackRequest request = request("shop_fw");

        RollbackPlan plan = strategy().plan(request).await();

        assertThat(plan.stepNames()).containsExactly("take_pre_rollback_backup", "run_down_migrations");
        assertThat(plan.request().options().pinned()).containsEntry("down_migration.versions", "[\"2\"]");
        assertThat(plan.impact().dropped()).containsExactly(new DataImpact.Dropped("public.items", "price", 3L));
        assertThat(plan.impact().notes()).contains("column public.items.price is dropped with its 3 non-null value(s)")
                .anySatisfy(note -> assertThat(note).contains("shop_fw__warden_" + STAMP + "_pre_rollback"));
        List<Boolean> doneBefore = done(plan);

        RollbackOutcome outcome = executor("shop_fw").execute(plan).await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        Sql shop = new Sql(pg.address("shop_fw"));
        assertThat(shop.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'items'::regclass"
                + " AND attname = 'price' AND NOT attisdropped")).isZero();
        assertThat(shop.queryLong("SELECT count(*) FROM items")).isEqualTo(5);
        int undoChecksum = UndoScripts.flywayChecksum(Files.readString(scripts.resolve("U2__add_price.sql")));
        assertThat(shop.queryColumn("SELECT version || '|' || description || '|' || type || '|' || script || '|'"
                + " || checksum || '|' || installed_by || '|' || success FROM flyway_schema_history"
                + " ORDER BY installed_rank DESC LIMIT 1"))
                .containsExactly("2|add price|UNDO_SQL|U2__add_price.sql|" + undoChecksum + "|postgres|true");
        assertThat(shop.queryLong("SELECT checksum FROM flyway_schema_history WHERE type = 'SQL' AND version = '2'"))
                .as("our checksum is Flyway's").isEqualTo(UndoScripts.flywayChecksum(
                        Files.readString(dir.resolve("shop_fw").resolve("V2__add_price.sql"))));
        assertThat(flywayRecords("shop_fw")).extracting(MigrationRecord::version, MigrationRecord::state)
                .startsWith(org.assertj.core.groups.Tuple.tuple("2", MigrationState.ROLLED_BACK));
        Sql backup = new Sql(pg.address("shop_fw__warden_" + STAMP + "_pre_rollback"));
        assertThat(backup.queryLong("SELECT count(price) FROM items")).as("the dropped data is kept").isEqualTo(3);
        assertThat(admin.queryColumn("SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                + " WHERE datname = 'shop_fw__warden_" + STAMP + "_pre_rollback'").get(0)).endsWith("verified before rollback "
                + plan.id());
        assertThat(doneBefore).containsExactly(false, false);
        assertThat(done(plan)).as("a resumed rollback would skip both").containsExactly(true, true);
    }

    @Test
    void shouldRecordADeleteRowThatFlywayCommunityReadsAndAppliesAgain() throws IOException {
        Path scripts = flywayProject("shop_fw_ce");
        settings = new DownMigrationSettings(DownMigrationTool.FLYWAY, scripts, null, null, null, null,
                FlywayUndoRow.DELETE, null, cloneBackup(), null, null);

        RollbackOutcome outcome = executor("shop_fw_ce").execute(strategy().plan(request("shop_fw_ce")).await()).await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        Sql shop = new Sql(pg.address("shop_fw_ce"));
        assertThat(shop.queryColumn("SELECT type FROM flyway_schema_history ORDER BY installed_rank DESC LIMIT 1"))
                .containsExactly("DELETE");
        assertThat(flyway("shop_fw_ce", dir.resolve("shop_fw_ce")).migrate().migrationsExecuted).as("Flyway Community re-applies V2")
                .isEqualTo(1);
        assertThat(shop.queryLong("SELECT count(price) FROM items")).isEqualTo(3);
    }

    @Test
    void shouldRollBackEveryScriptAndLeaveTheHistoryAloneWhenOneFails() throws IOException {
        Path scripts = flywayProject("shop_fail");
        Files.writeString(scripts.resolve("U1__create_items.sql"), "DROP TABLE items;\nDROP TABLE no_such_table;\n");
        settings = DownMigrationSettings.of(DownMigrationTool.FLYWAY, scripts, cloneBackup()).withSteps(2);
        RollbackPlan plan = strategy().plan(request("shop_fail")).await();
        assertThat(plan.impact().notes()).contains("\"no_such_table\" does not exist now: the down script would fail on it");

        RollbackOutcome outcome = executor("shop_fail").execute(plan).await();

        assertThat(outcome.status()).as("the backup was taken").isEqualTo(RollbackStatus.PARTIAL);
        assertThat(outcome.summary()).contains("U1__create_items.sql failed: table \"no_such_table\" does not exist")
                .contains("the transaction was rolled back: nothing changed");
        Sql shop = new Sql(pg.address("shop_fail"));
        assertThat(shop.queryLong("SELECT count(price) FROM items")).as("U2 was undone with U1").isEqualTo(3);
        assertThat(shop.queryLong("SELECT count(*) FROM flyway_schema_history WHERE type <> 'SQL'")).isZero();
    }

    @Test
    void shouldMoveGolangMigrateFromVersion2To1WithTheRealDownFile() throws IOException {
        Path scripts = golangProject("shop_gm");
        settings = DownMigrationSettings.of(DownMigrationTool.GOLANG_MIGRATE, scripts, cloneBackup());

        RollbackPlan plan = strategy().plan(request("shop_gm")).await();
        RollbackOutcome outcome = executor("shop_gm").execute(plan).await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(plan.impact().valuesDropped()).containsExactly(Map.entry("public.items.sku", 2L));
        Sql shop = new Sql(pg.address("shop_gm"));
        assertThat(shop.queryColumn("SELECT version || '|' || dirty FROM schema_migrations")).containsExactly("1|false");
        assertThat(shop.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'items'::regclass"
                + " AND attname = 'sku' AND NOT attisdropped")).isZero();
        assertThat(done(plan)).containsExactly(true, true);
    }

    @Test
    void shouldDeleteGolangMigratesRowWhenNoVersionIsLeft() throws IOException {
        Path scripts = golangProject("shop_gm_all");
        settings = DownMigrationSettings.of(DownMigrationTool.GOLANG_MIGRATE, scripts, cloneBackup()).withSteps(2);

        RollbackOutcome outcome = executor("shop_gm_all").execute(strategy().plan(request("shop_gm_all")).await())
                .await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        Sql shop = new Sql(pg.address("shop_gm_all"));
        assertThat(shop.queryLong("SELECT count(*) FROM schema_migrations")).isZero();
        assertThat(shop.queryColumn("SELECT to_regclass('items')::text")).containsExactly((String) null);
    }

    @Test
    void shouldRefuseToPlanADownScriptThatCommitsHalfway() throws IOException {
        Path scripts = golangProject("shop_commit");
        Files.writeString(scripts.resolve("2_add_sku.down.sql"), "ALTER TABLE items DROP COLUMN sku;\nCOMMIT;\n"
                + "DROP TABLE items;\n");
        settings = DownMigrationSettings.of(DownMigrationTool.GOLANG_MIGRATE, scripts, cloneBackup());

        assertThatThrownBy(() -> strategy().plan(request("shop_commit")).await())
                .hasMessageContaining("2_add_sku.down.sql cannot run in the rollback's single transaction: it controls"
                        + " the transaction itself (COMMIT)");
        assertThat(admin.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE 'shop_commit__warden_%'"))
                .as("no backup for a plan refused").isZero();
    }

    @Test
    void shouldRunDirectoryScriptsForTheDetectedHistoryWithoutUpdatingIt() throws IOException {
        golangProject("shop_dir");
        Path scripts = Files.createDirectories(dir.resolve("dir").resolve("2"));
        Files.writeString(scripts.resolve("down.sql"), "ALTER TABLE items DROP COLUMN sku;");
        settings = new DownMigrationSettings(DownMigrationTool.DIRECTORY, scripts.getParent(), null, null, null, null,
                null, null, cloneBackup(), null, null);

        RollbackPlan plan = strategy().plan(request("shop_dir")).await();
        RollbackOutcome outcome = executor("shop_dir").execute(plan).await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(plan.impact().notes()).anySatisfy(note -> assertThat(note).startsWith("no history is updated"));
        Sql shop = new Sql(pg.address("shop_dir"));
        assertThat(shop.queryColumn("SELECT version || '|' || dirty FROM schema_migrations")).containsExactly("2|false");
        assertThat(shop.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'items'::regclass"
                + " AND attname = 'sku' AND NOT attisdropped")).isZero();
        assertThat(plan.steps().get(1).canTellWhetherDone()).isFalse();
    }

    @Test
    void shouldRunTheToolsOwnCommandWithTheTargetInPgVariablesAndSeeItInTheHistory() throws IOException {
        golangProject("shop_cmd");
        Path seen = dir.resolve("versions.txt");
        settings = new DownMigrationSettings(DownMigrationTool.COMMAND, null, null, null, null,
                MigrationTools.GOLANG_MIGRATE, null, CommandSettings.of(List.of("sh", "-c",
                "echo \"$WARDEN_DOWN_VERSIONS\" > " + seen + " && psql -X -q -v ON_ERROR_STOP=1 -c"
                        + " 'ALTER TABLE items DROP COLUMN sku; UPDATE schema_migrations SET version = 1'")),
                cloneBackup(), null, null);

        RollbackPlan plan = strategy().plan(request("shop_cmd")).await();
        RollbackOutcome outcome = executor("shop_cmd").execute(plan).await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(plan.stepNames()).containsExactly("take_pre_rollback_backup", "run_migration_tool");
        assertThat(Files.readString(seen).strip()).isEqualTo("2");
        assertThat(new Sql(pg.address("shop_cmd")).queryColumn("SELECT version FROM schema_migrations"))
                .containsExactly("1");
        assertThat(done(plan)).containsExactly(true, true);
    }

    /**
     * V1 creates items (5 rows), V2 adds price and fills it for 3 of them, migrated by Flyway from
     * {@code dir/<database>}; U1 and U2 undo them, in the directory returned.
     */
    private Path flywayProject(String database) throws IOException {
        admin.execute("CREATE DATABASE " + database);
        Path scripts = Files.createDirectories(dir.resolve(database));
        Files.writeString(scripts.resolve("V1__create_items.sql"), "CREATE TABLE items (id int PRIMARY KEY, name text);\n"
                + "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 5) g;\n");
        Files.writeString(scripts.resolve("V2__add_price.sql"), "ALTER TABLE items ADD COLUMN price numeric;\n"
                + "UPDATE items SET price = id * 1.5 WHERE id <= 3;\n");
        Path undo = Files.createDirectories(dir.resolve(database + "_undo"));
        Files.writeString(undo.resolve("U2__add_price.sql"), "-- undo V2\nALTER TABLE items DROP COLUMN price;\n");
        Files.writeString(undo.resolve("U1__create_items.sql"), "DROP TABLE items;\n");
        flyway(database, scripts).migrate();
        return undo;
    }

    /** Versions 1 (items) and 2 (items.sku, filled for 2 rows) applied the way golang-migrate leaves them. */
    private Path golangProject(String database) throws IOException {
        admin.execute("CREATE DATABASE " + database);
        Path scripts = Files.createDirectories(dir.resolve(database));
        Files.writeString(scripts.resolve("000001_create_items.up.sql"), "CREATE TABLE items (id int PRIMARY KEY);");
        Files.writeString(scripts.resolve("000001_create_items.down.sql"), "DROP TABLE items;");
        Files.writeString(scripts.resolve("000002_add_sku.up.sql"), "ALTER TABLE items ADD COLUMN sku text;");
        Files.writeString(scripts.resolve("000002_add_sku.down.sql"), "BEGIN;\nALTER TABLE items DROP COLUMN sku;\n"
                + "COMMIT;\n");
        Sql shop = new Sql(pg.address(database));
        shop.execute(Files.readString(scripts.resolve("000001_create_items.up.sql")));
        shop.execute(Files.readString(scripts.resolve("000002_add_sku.up.sql")));
        shop.execute("INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, NULL);"
                + "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);"
                + "INSERT INTO schema_migrations VALUES (2, false)");
        return scripts;
    }

    private static Flyway flyway(String database, Path scripts) {
        return Flyway.configure().dataSource(pg.address(database).jdbcUrl(), "postgres", "")
                .locations("filesystem:" + scripts).load();
    }

    private static List<MigrationRecord> flywayRecords(String database) {
        MigrationHistory history = PgConnection.connect(vertx, pg.address(database).connectOptions())
                .compose(c -> MigrationHistoryReader.builtIn().read(c).eventually(c::close)).await();
        return history.records(MigrationTools.FLYWAY);
    }

    private List<Boolean> done(RollbackPlan plan) {
        StepContext ctx = StepContext.of(vertx, Clock.systemUTC(), plan.id(), plan.request(), 0);
        return plan.steps().stream().map(Step::name).map(name -> plan.steps().stream()
                .filter(s -> s.name().equals(name)).findFirst().orElseThrow().done(ctx).await()).toList();
    }

    private static CloneBackup cloneBackup() {
        return new CloneBackup(vertx, Clock.systemUTC(), Duration.ofMinutes(1));
    }

    private DownMigrationStrategy strategy() {
        return new DownMigrationStrategy(vertx, name -> Optional.ofNullable(settings));
    }

    private RollbackExecutor executor(String database) {
        return new RollbackExecutor(vertx, Clock.systemUTC(), new PgJournal(statePool, Clock.systemUTC()),
                List.of(strategy()), name -> pg.address(database).connectOptions());
    }

    private static RollbackRequest request(String database) {
        return new RollbackRequest("shop", pg.address(database).connectOptions(), null, null,
                RollbackOptions.defaults(), AT);
    }
}
