package dev.warden.rollback.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.BackupRequest;
import dev.warden.rollback.backup.CloneBackup;
import dev.warden.rollback.backup.Verification;
import dev.warden.rollback.engine.Journal;
import dev.warden.rollback.engine.JournalFixture;
import dev.warden.rollback.engine.JournaledRollback;
import dev.warden.rollback.engine.PgJournal;
import dev.warden.rollback.engine.RollbackExecutor;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.RollbackOutcome;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStatus;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.external.HttpRequestSettings;
import dev.warden.testing.EmbeddedServer;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
/** A full rollback renames, closes and makes databases read-only: it runs on a server of its own. */
class FullRollbackStrategyTest {
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
        server = StrategyServer.start("full-pg17", 17);
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
    void shouldBringEveryRowBackKeepTheDamagedDatabaseAndAllowWritesOnlyAtTheEnd() throws SQLException {
        Backup backup = damagedAfterBackup("shop_a");
        String replaced = "shop_a__replaced_" + STAMP;
        RollbackPlan plan;
        try (RecordingHttpServer deploy = RecordingHttpServer.start(vertx)) {
            CodeRevertSettings revert = new CodeRevertSettings(HttpRequestSettings.post(deploy.url("/revert"), Map.of(),
                    null), null, null);
            FullRollbackStrategy strategy = new FullRollbackStrategy(new ReadOnlyStrategy(vertx),
                    new BranchSwapStrategy(vertx), new CodeRevertStrategy(vertx, target -> Optional.of(revert)));

            plan = strategy.plan(request("shop_a", backup)).await();

            assertThat(plan.stepNames()).containsExactly("read_only.set_default_read_only", "read_only.terminate_sessions",
                    "branch_swap.restore_backup", "branch_swap.carry_over_owner_and_privileges", "keep_restore_read_only",
                    "branch_swap.verify_restore", "branch_swap.block_connections", "branch_swap.terminate_sessions",
                    "branch_swap.rename_target_aside", "branch_swap.rename_restored_to_target",
                    "branch_swap.allow_connections", "branch_swap.open_replaced_for_salvage",
                    "code_revert.request_code_revert", "lift_read_only.reset_default_read_only",
                    "lift_read_only.reconnect_idle_sessions");
            assertThat(plan.impact().rowsBroughtBack()).isEqualTo(Map.of("public.orders", 400L));
            assertThat(plan.impact().notes()).anySatisfy(note -> assertThat(note).contains("the replaced database is"
                    + " kept as " + replaced + ": that is the pre-rollback copy"));
            assertThat(readOnlyDatabases("shop_a%")).as("planning changed nothing").isEmpty();

            try (Connection client = new Sql(pg.address("shop_a")).connect()) {
                RollbackOutcome outcome = executor(strategy, "shop_a", journal).execute(plan).await();

                assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
                assertThat(client.isValid(2)).as("the client session was terminated").isFalse();
            }
            assertThat(deploy.requests("POST")).hasSize(1);
        }
        Sql shop = new Sql(pg.address("shop_a"));
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).isEqualTo(1000);
        shop.execute("INSERT INTO orders VALUES (1001, 1)");
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).isEqualTo(1001);
        assertThat(readOnlyDatabases("shop_a%")).as("only the pre-rollback copy stays read-only").containsExactly(replaced);
        Sql kept = new Sql(pg.address(replaced));
        assertThat(kept.queryLong("SELECT count(*) FROM orders")).isEqualTo(600);
        assertThatThrownBy(() -> kept.execute("INSERT INTO orders VALUES (2000, 1)")).hasMessageContaining("read-only");
        List<String> evidence = journal.load(plan.id()).await().orElseThrow().evidence();
        assertThat(evidence).contains("step 6 branch_swap.verify_restore: verified: public.orders 1000 = 1000 in backup",
                "step 6 branch_swap.verify_restore: verified: public.customers 50 = 50 in backup",
                "step 6 branch_swap.verify_restore: verified: the 2 user tables are the backup's");
        assertThat(evidence).as("the read-only default is the rollback's own, not a setting to restore by hand")
                .noneMatch(line -> line.contains("not carried over"));
        assertThat(JournalFixture.events(state, plan.id())).containsSubsequence("5:branch_swap.verify_restore:succeeded",
                "9:branch_swap.rename_restored_to_target:succeeded", "12:code_revert.request_code_revert:succeeded",
                "13:lift_read_only.reset_default_read_only:succeeded");
    }

    @Test
    void shouldLeaveTheTargetReadOnlyAndInPlaceWhenTheRestoreDoesNotMatchItsBackup() {
        Backup taken = damagedAfterBackup("shop_b");
        Backup wrong = new Backup(taken.id(), taken.kind(), taken.location(), taken.sizeBytes(), taken.createdAt(),
                taken.checksum(), true, Map.of("public.orders", 999L, "public.customers", 50L), taken.details());
        FullRollbackStrategy strategy = new FullRollbackStrategy(new ReadOnlyStrategy(vertx), new BranchSwapStrategy(vertx));
        RollbackPlan plan = strategy.plan(request("shop_b", wrong)).await();

        RollbackOutcome outcome = executor(strategy, "shop_b", journal).execute(plan).await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.PARTIAL);
        assertThat(outcome.summary()).startsWith("step 6 branch_swap.verify_restore failed: the restore does not match"
                + " backup " + wrong.id() + " (mismatch: public.orders 1000 restored, 999 in backup)");
        assertThat(JournalFixture.status(state, plan.id())).isEqualTo("partial");
        assertThat(journal.load(plan.id()).await().orElseThrow().evidence())
                .contains("step 6 branch_swap.verify_restore: mismatch: public.orders 1000 restored, 999 in backup");
        Sql shop = new Sql(pg.address("shop_b"));
        assertThat(shop.queryLong("SELECT count(*) FROM orders")).as("nothing was swapped in").isEqualTo(600);
        assertThatThrownBy(() -> shop.execute("INSERT INTO orders VALUES (1001, 1)")).hasMessageContaining("read-only");
        assertThat(databases("shop_b%")).containsExactlyInAnyOrder("shop_b", "shop_b__restored_" + STAMP, wrong.location());
        assertThat(JournalFixture.events(state, plan.id())).noneMatch(e -> e.contains("rename") || e.contains("lift"));
    }

    @Test
    void shouldListTheCodeRevertItSkipsInThePlanTheJournalAndTheSummary() {
        FullRollbackStrategy strategy = new FullRollbackStrategy(new ReadOnlyStrategy(vertx), new BranchSwapStrategy(vertx),
                new CodeRevertStrategy(vertx, target -> Optional.empty()));
        RollbackPlan plan = strategy.plan(request("shop_e", damagedAfterBackup("shop_e"))).await();

        Step skipped = plan.steps().get(plan.stepNames().indexOf("code_revert"));
        assertThat(skipped.skipped()).hasValue("the target has no code_revert settings"
                + " (targets[].rollback.code_revert): the code is not reverted");
        assertThat(plan.steps()).filteredOn(step -> step.skipped().isPresent()).containsExactly(skipped);
        assertThat(plan.stepNames()).containsSubsequence("branch_swap.open_replaced_for_salvage", "code_revert",
                "lift_read_only.reset_default_read_only");

        RollbackOutcome outcome = executor(strategy, "shop_e", journal).execute(plan).await();

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(outcome.summary()).isEqualTo("all " + (plan.steps().size() - 1) + " step(s) to run done; skipped as"
                + " planned: code_revert (" + skipped.skipped().get() + ")");
        JournaledRollback journaled = journal.load(plan.id()).await().orElseThrow();
        assertThat(journaled.steps()).contains(new JournaledRollback.PlannedStep("code_revert", false,
                skipped.skipped().get()));
        assertThat(journaled.evidence()).contains("step 13 code_revert: skipped as planned: " + skipped.skipped().get());
        assertThat(JournalFixture.events(state, plan.id())).as("a skipped step never runs").noneMatch(e -> e.contains(
                ":code_revert:"));
    }

    @Test
    void shouldEndTheSameWhenAFreshWardenResumesAfterEveryStep() {
        FullRollbackStrategy strategy = new FullRollbackStrategy(new ReadOnlyStrategy(vertx), new BranchSwapStrategy(vertx));
        RollbackPlan straight = strategy.plan(request("twin_a", damagedAfterBackup("twin_a"))).await();
        assertThat(executor(strategy, "twin_a", journal).execute(straight).await().status()).isEqualTo(RollbackStatus.SUCCEEDED);
        RollbackPlan plan = strategy.plan(request("twin_b", damagedAfterBackup("twin_b"))).await();
        int steps = plan.steps().size();

        List<RollbackStatus> stops = new ArrayList<>();
        stops.add(executor(strategy, "twin_b", CrashingJournal.beforeStep(journal, 1)).execute(plan).await().status());
        for (int next = 2; next <= steps; next++) {
            assertThat(JournalFixture.status(state, plan.id())).as("crashed before step " + next).isEqualTo("running");
            Journal crashing = next < steps ? CrashingJournal.beforeStep(journal, next) : journal;
            stops.add(executor(strategy, "twin_b", crashing).resume(plan.id()).await().status());
        }

        assertThat(stops).as("one step per Warden, the last one finishing").hasSize(steps)
                .endsWith(RollbackStatus.SUCCEEDED).containsOnlyOnce(RollbackStatus.SUCCEEDED);
        assertThat(JournalFixture.status(state, plan.id())).isEqualTo("succeeded");
        assertThat(JournalFixture.events(state, plan.id())).as("each step ran once, as in the run without crashes")
                .isEqualTo(JournalFixture.events(state, straight.id()));
        assertThat(endState("twin_b")).isEqualTo(endState("twin_a")).contains(
                "X orders=1000 allow=true settings=", "X__replaced_" + STAMP
                        + " orders=600 allow=true settings=default_transaction_read_only=on");
    }

    @Test
    void shouldNotRepeatAStepWhoseEffectIsInPlaceWhenWardenDiesRightAfterIt() {
        FullRollbackStrategy strategy = new FullRollbackStrategy(new ReadOnlyStrategy(vertx), new BranchSwapStrategy(vertx));
        RollbackPlan straight = strategy.plan(request("twin_c", damagedAfterBackup("twin_c"))).await();
        executor(strategy, "twin_c", journal).execute(straight).await();
        RollbackPlan plan = strategy.plan(request("twin_d", damagedAfterBackup("twin_d"))).await();
        int steps = plan.steps().size();

        executor(strategy, "twin_d", CrashingJournal.afterStepRan(journal, 0)).execute(plan).await();
        for (int ran = 1; ran <= steps; ran++) {
            Journal crashing = ran < steps ? CrashingJournal.afterStepRan(journal, ran) : journal;
            executor(strategy, "twin_d", crashing).resume(plan.id()).await();
        }

        assertThat(JournalFixture.status(state, plan.id())).isEqualTo("succeeded");
        assertThat(endState("twin_d")).isEqualTo(endState("twin_c"));
        List<String> events = JournalFixture.events(state, plan.id());
        List<String> ranTwice = plan.stepNames().stream().filter(name -> events.stream()
                .filter(e -> e.endsWith(":" + name + ":started")).count() == 2).toList();
        assertThat(ranTwice).as("only the steps that cannot see their effect, all safe to repeat").containsExactly(
                "read_only.terminate_sessions", "branch_swap.carry_over_owner_and_privileges", "branch_swap.verify_restore",
                "lift_read_only.reconnect_idle_sessions");
        List<String> run = plan.steps().stream().filter(step -> step.skipped().isEmpty()).map(Step::name).toList();
        assertThat(run).filteredOn(name -> !ranTwice.contains(name)).allSatisfy(name -> assertThat(events)
                .filteredOn(e -> e.startsWith(plan.stepNames().indexOf(name) + ":"))
                .as(name + ": run at most once, then found in place after the restart")
                .endsWith(plan.stepNames().indexOf(name) + ":" + name + ":skipped_already_done")
                .noneMatch(e -> e.endsWith(":succeeded")));
    }

    /** A database with 1000 orders and 50 customers, a verified clone of it, then 40% of the orders deleted. */
    private static Backup damagedAfterBackup(String database) {
        admin.execute("CREATE DATABASE " + database);
        Sql shop = new Sql(pg.address(database));
        shop.execute("CREATE TABLE orders (id int PRIMARY KEY, total numeric);"
                + "INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 1000) g;"
                + "CREATE TABLE customers (id int PRIMARY KEY, name text);"
                + "INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 50) g");
        BackupRequest request = BackupRequest.of("shop", warden(database), "before V42", List.of("orders", "customers"),
                Clock.fixed(BACKUP_AT, ZoneOffset.UTC));
        CloneBackup clone = new CloneBackup(vertx, Clock.systemUTC(), Duration.ofMinutes(5));
        Backup backup = clone.create(request).await();
        Verification verification = clone.verify(backup, request).await();
        assertThat(verification.ok()).as(verification.toString()).isTrue();
        shop.execute("DELETE FROM orders WHERE id % 5 < 2");
        return backup.withVerification(verification);
    }

    private static RollbackRequest request(String database, Backup backup) {
        return new RollbackRequest("shop", warden(database), null, backup,
                RollbackOptions.defaults().withCriticalTables(List.of("orders", "customers")), ROLLBACK_AT);
    }

    private static RollbackExecutor executor(FullRollbackStrategy strategy, String database, Journal journal) {
        return new RollbackExecutor(vertx, Clock.systemUTC(), journal, List.of(strategy), name -> warden(database));
    }

    private static PgConnectOptions warden(String database) {
        return pg.address(database).connectOptions().addProperty("application_name", "warden")
                .addProperty("statement_timeout", "5000").addProperty("lock_timeout", "1000");
    }

    private static List<String> databases(String like) {
        return admin.queryColumn("SELECT datname FROM pg_database WHERE datname LIKE '" + like + "'");
    }

    private static List<String> readOnlyDatabases(String like) {
        return admin.queryColumn("SELECT d.datname FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase,"
                + " unnest(s.setconfig) cfg WHERE d.datname LIKE '" + like + "' AND cfg = 'default_transaction_read_only=on'");
    }

    /** Each database of {@code database}'s rollback, named relative to it: its orders, whether it is open, its settings. */
    private static List<String> endState(String database) {
        List<String> state = new ArrayList<>();
        for (String name : admin.queryColumn("SELECT datname FROM pg_database WHERE datname LIKE '" + database
                + "%' ORDER BY datname")) {
            String settings = admin.queryColumn("SELECT coalesce(string_agg(cfg, ','), '') FROM pg_db_role_setting s"
                    + " JOIN pg_database d ON d.oid = s.setdatabase, unnest(s.setconfig) cfg WHERE d.datname = '"
                    + name + "'").get(0);
            String allow = admin.queryColumn("SELECT datallowconn FROM pg_database WHERE datname = '" + name + "'").get(0);
            state.add(name.replace(database, "X") + " orders=" + new Sql(pg.address(name)).queryLong(
                    "SELECT count(*) FROM orders") + " allow=" + ("t".equals(allow)) + " settings=" + settings);
        }
        return state;
    }
}
