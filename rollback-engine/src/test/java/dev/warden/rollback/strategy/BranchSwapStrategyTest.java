package dev.warden.rollback.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.BackupRequest;
import dev.warden.rollback.backup.CloneBackup;
import dev.warden.rollback.backup.Verification;
import dev.warden.rollback.engine.Fence;
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
import dev.warden.rollback.engine.StepEvent;
import dev.warden.rollback.external.CommandSettings;
import dev.warden.rollback.swap.ClusterRestore;
import dev.warden.rollback.swap.ClusterRestoreStep;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Swaps rename and close databases: they run on a server of their own, so that no other test is disturbed. */
class BranchSwapStrategyTest {
    private static final Instant BACKUP_AT = Instant.parse("2026-11-22T03:15:00Z");
    private static final Instant ROLLBACK_AT = Instant.parse("2026-11-22T04:15:00Z");
    private static final String STAMP = "20261122T041500Z";
    private static StrategyServer server;
    private static EmbeddedServer pg;
    private static Sql admin;
    private static Sql state;
    private static Vertx vertx;
    private static Pool statePool;
    private static PgJournal journal;

    @BeforeAll
    static void setUp() {
        server = StrategyServer.start("swap-pg17", 17);
        pg = server.pg();
        admin = server.admin();
        state = server.state();
        vertx = server.vertx();
        statePool = server.statePool();
        journal = server.journal();
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldRestoreEveryRowKeepTheReplacedDatabaseAndLetClientsBackIn() throws SQLException {
        admin.execute("CREATE ROLE app_owner LOGIN; CREATE ROLE app_user LOGIN; CREATE ROLE stranger LOGIN");
        admin.execute("CREATE DATABASE shop_a OWNER app_owner");
        admin.execute("REVOKE CONNECT ON DATABASE shop_a FROM PUBLIC; GRANT CONNECT ON DATABASE shop_a TO app_user");
        Sql shop = new Sql(pg.address("shop_a"));
        shop.execute("CREATE TABLE orders (id int PRIMARY KEY, total numeric);"
                + "INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 1000) g;"
                + "CREATE TABLE customers (id int PRIMARY KEY, name text);"
                + "INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 50) g;"
                + "GRANT SELECT ON ALL TABLES IN SCHEMA public TO app_user");
        Backup backup = verifiedClone("shop_a", List.of("orders", "customers"));
        shop.execute("DELETE FROM orders WHERE id % 5 < 2;"
                + "INSERT INTO customers SELECT g, 'late' || g FROM generate_series(51, 55) g;"
                + "CREATE TABLE audit_new (id int); INSERT INTO audit_new VALUES (1), (2), (3)");
        String replaced = "shop_a__replaced_" + STAMP;

        RollbackPlan plan = new BranchSwapStrategy(vertx).plan(request("shop_a", backup)).await();

        assertThat(plan.impact().rowsBroughtBack()).isEqualTo(Map.of("public.orders", 400L));
        assertThat(plan.impact().rowsSetAside()).isEqualTo(Map.of("public.customers", 5L));
        assertThat(plan.impact().tablesSetAside()).containsExactly("public.audit_new");
        assertThat(plan.impact().notes()).anySatisfy(note -> assertThat(note).contains("stays in " + replaced));
        assertThat(plan.impact().notes()).as("issue 13: PostgreSQL 17 copies blocks").anySatisfy(note -> assertThat(note)
                .startsWith("restore kind: block_copy: clone backup " + backup.id() + " restored beside the target")
                .contains(" (PostgreSQL 17.").contains("copies every block of the database")
                .containsPattern("taking this clone kept shop_a's sessions out for \\d+ ms$"));
        assertThat(plan.stepNames()).containsExactly("restore_backup", "carry_over_owner_and_privileges",
                "verify_restore", "block_connections", "terminate_sessions", "rename_target_aside", "rename_restored_to_target",
                "allow_connections", "open_replaced_for_salvage");
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).as("planning changed nothing").isEqualTo(600);

        try (Connection client = shop.connect()) {
            RollbackOutcome outcome = executor("shop_a").execute(plan).await();

            assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
            assertThat(outcome.evidence()).contains("step 3 verify_restore: verified: public.orders 1000 = 1000 in backup",
                    "step 3 verify_restore: verified: public.customers 50 = 50 in backup",
                    "step 3 verify_restore: verified: the 2 user tables are the backup's");
            assertThat(outcome.evidence()).anySatisfy(line -> assertThat(line).startsWith("step 1 restore_backup: restored")
                    .contains(" by block_copy in "));
            assertThatThrownBy(() -> client.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
        }
        Sql asApp = new Sql(new PgAddress("localhost", pg.port(), "app_user", "", "shop_a"));
        assertThat(asApp.queryLong("SELECT count(*) FROM orders")).isEqualTo(1000);
        assertThat(asApp.queryLong("SELECT count(*) FROM customers")).isEqualTo(50);
        assertThat(asApp.queryColumn("SELECT to_regclass('audit_new')::text")).containsExactly((String) null);
        assertThatThrownBy(() -> new Sql(new PgAddress("localhost", pg.port(), "stranger", "", "shop_a"))
                .queryLong("SELECT 1")).hasMessageContaining("permission denied");
        assertThat(admin.queryColumn("SELECT pg_get_userbyid(datdba) || ' ' || datallowconn FROM pg_database"
                + " WHERE datname IN ('shop_a', '" + replaced + "') ORDER BY datname"))
                .containsExactly("app_owner true", "app_owner true");

        Sql kept = new Sql(pg.address(replaced));
        assertThat(kept.queryLong("SELECT count(*) FROM orders")).isEqualTo(600);
        assertThat(kept.queryLong("SELECT count(*) FROM customers")).isEqualTo(55);
        assertThat(kept.queryLong("SELECT count(*) FROM audit_new")).isEqualTo(3);
        assertThat(new Sql(pg.address(backup.location())).queryLong("SELECT count(*) FROM orders"))
                .as("the clone is kept untouched for later use").isEqualTo(1000);
        assertThat(startedPerStep(plan.id())).allSatisfy((step, started) -> assertThat(started).isLessThanOrEqualTo(1));
        assertThat(JournalFixture.events(state, plan.id())).contains("0:restore_backup:started",
                "0:restore_backup:succeeded", "5:rename_target_aside:started", "5:rename_target_aside:succeeded");
    }

    @Test
    void shouldResumeAfterACrashBetweenTheTwoRenamesWithoutRepeatingAStep() {
        admin.execute("CREATE DATABASE shop_b");
        Sql shop = new Sql(pg.address("shop_b"));
        shop.execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 100)");
        Backup backup = verifiedClone("shop_b", List.of("orders"));
        shop.execute("DELETE FROM orders WHERE id <= 40");
        RollbackRequest request = request("shop_b", backup);
        RollbackPlan plan = new BranchSwapStrategy(vertx).plan(request).await();
        journal.create(plan).await();
        journal.begin(plan.id()).await();

        Vertx crashing = Vertx.vertx();
        Fence fence = Fence.acquire(crashing, "shop", request.connection()).await();
        StepContext context = StepContext.of(crashing, Clock.systemUTC(), plan.id(), request, fence.pid());
        int renameAside = plan.stepNames().indexOf("rename_target_aside");
        for (int i = 0; i <= renameAside; i++) {
            Step step = plan.steps().get(i);
            journal.step(plan.id(), i, step, StepEvent.STARTED, null).await();
            step.run(context).await();
            if (i < renameAside) {
                journal.step(plan.id(), i, step, StepEvent.SUCCEEDED, null).await();
            }
        }
        crashing.close().await(); // the Warden dies: its fence session goes with it
        assertThat(databases("shop_b%")).containsExactlyInAnyOrder("shop_b__restored_" + STAMP,
                "shop_b__replaced_" + STAMP, backup.location());

        RollbackOutcome outcome = executor("shop_b").resume(plan.id()).await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).isEqualTo(100);
        assertThat(new Sql(pg.address("shop_b__replaced_" + STAMP)).queryLong("SELECT count(*) FROM orders")).isEqualTo(60);
        assertThat(databases("shop_b%")).containsExactlyInAnyOrder("shop_b", "shop_b__replaced_" + STAMP,
                backup.location());
        assertThat(JournalFixture.events(state, plan.id())).containsSubsequence("5:rename_target_aside:started",
                "5:rename_target_aside:skipped_already_done", "6:rename_restored_to_target:started",
                "6:rename_restored_to_target:succeeded");
        assertThat(startedPerStep(plan.id())).allSatisfy((step, started) -> assertThat(started).isEqualTo(1));
    }

    @Test
    void shouldAllowConnectionsAgainWhenTheSwapFailsHalfway() throws SQLException {
        // The owner may close its database but not terminate a superuser's session: the swap fails after
        // the door was shut, and the clean-up must open it again.
        admin.execute("CREATE ROLE swapper LOGIN CREATEDB");
        admin.execute("CREATE DATABASE shop_c OWNER swapper");
        PgAddress owner = new PgAddress("localhost", pg.port(), "swapper", "", "shop_c");
        new Sql(owner).execute("CREATE TABLE orders (id int); INSERT INTO orders SELECT generate_series(1, 10)");
        Backup backup = verifiedClone(owner, List.of("orders"));
        new Sql(owner).execute("DELETE FROM orders WHERE id <= 4");
        RollbackRequest request = new RollbackRequest("shop", owner.connectOptions(), null, backup,
                RollbackOptions.defaults().withCriticalTables(List.of("orders")), ROLLBACK_AT);
        request = request.withOptions(new RollbackOptions(List.of("orders"), false, Duration.ofSeconds(1),
                Duration.ofMinutes(5), "pg_restore"));
        RollbackPlan plan = new BranchSwapStrategy(vertx).plan(request).await();

        try (Connection superuser = new Sql(pg.address("shop_c")).connect()) {
            RollbackOutcome outcome = new RollbackExecutor(vertx, Clock.systemUTC(), journal,
                    List.of(new BranchSwapStrategy(vertx)), name -> owner.connectOptions()).execute(plan).await();

            assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.PARTIAL);
            assertThat(outcome.summary()).startsWith("step 5 terminate_sessions failed");
            assertThat(admin.queryColumn("SELECT datallowconn FROM pg_database WHERE datname = 'shop_c'"))
                    .containsExactly("t");
            assertThat(superuser.isValid(2)).isTrue();
        }
        assertThat(new Sql(owner).queryLong("SELECT count(*) FROM orders")).as("the target was not swapped").isEqualTo(6);
        assertThat(JournalFixture.events(state, plan.id())).containsSubsequence("4:terminate_sessions:failed",
                "7:allow_connections:started", "7:allow_connections:succeeded");
    }

    @Test
    void shouldRefuseToPlanWithABackupThatIsNotVerified() {
        admin.execute("CREATE DATABASE shop_d");
        Backup unverified = new Backup("shop_d__warden_x", "clone", "shop_d__warden_x", 1, BACKUP_AT, null, false,
                Map.of(), Map.of());

        assertThatThrownBy(() -> new BranchSwapStrategy(vertx).plan(request("shop_d", unverified)).await())
                .hasMessage("cannot plan branch_swap for target shop: backup shop_d__warden_x is not verified;"
                        + " only a verified backup is swapped in");
    }

    @Test
    void shouldRefuseARestorePointWithoutARestoreCommandAndPlanOneWithItAsACommandRestore() {
        admin.execute("CREATE DATABASE shop_p");
        Backup point = new Backup("shop_p__warden_20261122T031500Z", "restore_point", "shop_p__warden_20261122T031500Z",
                -1, BACKUP_AT, null, true, Map.of(), Map.of("lsn", "0/3000028", "timeline", "1", "tables", "[]"));

        assertThatThrownBy(() -> new BranchSwapStrategy(vertx).plan(request("shop_p", point)).await())
                .hasMessage("cannot plan branch_swap for target shop: backup shop_p__warden_20261122T031500Z is a"
                        + " restore_point backup and the target has no snapshots.restore_command to restore it");

        ClusterRestore restore = new ClusterRestore(CommandSettings.of(List.of("restore.sh")),
                new CloneBackup(vertx, Clock.systemUTC(), Duration.ofMinutes(5)));
        RollbackPlan plan = new BranchSwapStrategy(vertx, target -> Optional.of(restore)).plan(request("shop_p", point))
                .await();

        assertThat(plan.stepNames()).containsExactly("take_pre_rollback_backup", "restore_cluster", "verify_restore");
        assertThat(plan.request().options().pinned()).containsEntry(ClusterRestoreStep.PIN_TIMELINE, "1");
        assertThat(plan.impact().notes().get(0)).isEqualTo("restore kind: the whole cluster localhost:" + pg.port()
                + " restored in place by snapshots.restore_command to restore_point backup shop_p__warden_20261122T031500Z"
                + " (LSN 0/3000028, timeline 1), taken 2026-11-22T03:15:00Z; every database on the server goes back to that"
                + " moment, and the restart ends every session");
        assertThat(plan.impact().notes().get(1)).startsWith("what the cluster holds now is kept first as a restore_point"
                + " backup named shop_p__warden_20261122T041500Z_pre_rollback");
        admin.execute("DROP DATABASE shop_p");
    }

    private static Backup verifiedClone(String database, List<String> critical) {
        return verifiedClone(pg.address(database), critical);
    }

    private static Backup verifiedClone(PgAddress source, List<String> critical) {
        BackupRequest request = BackupRequest.of("shop", warden(source), "before V42", critical,
                Clock.fixed(BACKUP_AT, ZoneOffset.UTC));
        CloneBackup clone = new CloneBackup(vertx, Clock.systemUTC(), Duration.ofMinutes(5));
        Backup backup = clone.create(request).await();
        Verification verification = clone.verify(backup, request).await();
        assertThat(verification.ok()).as(verification.toString()).isTrue();
        return backup.withVerification(verification);
    }

    private static RollbackRequest request(String database, Backup backup) {
        return new RollbackRequest("shop", warden(pg.address(database)), null, backup,
                RollbackOptions.defaults().withCriticalTables(List.of("orders", "customers")), ROLLBACK_AT);
    }

    private static RollbackExecutor executor(String database) {
        return new RollbackExecutor(vertx, Clock.systemUTC(), journal, List.of(new BranchSwapStrategy(vertx)),
                name -> warden(pg.address(database)));
    }

    private static PgConnectOptions warden(PgAddress address) {
        return StrategyServer.warden(address);
    }

    private static List<String> databases(String like) {
        return admin.queryColumn("SELECT datname FROM pg_database WHERE datname LIKE '" + like + "'");
    }

    private static Map<String, Long> startedPerStep(String rollbackId) {
        return JournalFixture.events(state, rollbackId).stream().filter(e -> e.endsWith(":started"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
