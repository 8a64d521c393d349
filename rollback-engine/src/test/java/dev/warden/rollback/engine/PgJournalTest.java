package dev.warden.rollback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.config.DecisionMode;
import dev.warden.config.StrategyKind;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.decision.Decision;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PgJournalTest {
    private static final Instant NOW = Instant.parse("2026-11-22T03:15:00Z");
    private static TestDatabase state;
    private static Vertx vertx;
    private static Pool pool;
    private static PgJournal journal;

    @BeforeAll
    static void setUp(TestDatabase database) {
        state = database;
        JournalFixture.createTables(state.sql());
        JournalFixture.createTables(state.sql()); // a second run changes nothing: IF NOT EXISTS throughout
        vertx = Vertx.vertx();
        pool = JournalFixture.pool(vertx, state.address());
        journal = new PgJournal(pool, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void tearDown() {
        pool.close().await();
        vertx.close().await();
    }

    @Test
    void shouldKeepThePlanItsStepEventsAndItsOutcome() {
        Backup backup = new Backup("shop__warden_x", "clone", "shop__warden_x", 1234, NOW.minusSeconds(60), null, true,
                Map.of("public.orders", 1000L), Map.of("user_tables", "3"));
        DataImpact impact = new DataImpact(List.of(new DataImpact.TableChange("public.orders", 1000L, 600L)),
                List.of("public.audit_new"), List.of("kept"));
        RollbackPlan plan = plan(null, backup, impact);

        assertThat(journal.create(plan).await()).isTrue();
        assertThat(journal.begin(plan.id()).await()).isTrue();
        assertThat(journal.begin(plan.id()).await()).as("a running rollback is not begun twice").isFalse();
        Step step = plan.steps().get(0);
        journal.step(plan.id(), 0, step, StepEvent.STARTED, null).await();
        journal.step(plan.id(), 0, step, StepEvent.FAILED, "boom").await();
        journal.finish(plan.id(), RollbackStatus.FAILED, "step 1 failed", List.of("step 1 page_a_human: failed: boom"))
                .await();

        JournaledRollback loaded = journal.load(plan.id()).await().orElseThrow();
        assertThat(loaded.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(loaded.strategy()).isEqualTo(StrategyKind.FREEZE);
        assertThat(loaded.backup()).isEqualTo(backup);
        assertThat(loaded.options()).isEqualTo(plan.request().options());
        assertThat(loaded.requestedAt()).isEqualTo(NOW);
        assertThat(loaded.impact()).isEqualTo(impact);
        assertThat(loaded.steps()).containsExactly(new JournaledRollback.PlannedStep("page_a_human", false));
        assertThat(loaded.entries()).extracting(JournaledRollback.Entry::event)
                .containsExactly(StepEvent.STARTED, StepEvent.FAILED);
        assertThat(loaded.entries().get(1).error()).isEqualTo("boom");
        assertThat(loaded.evidence()).containsExactly("step 1 page_a_human: failed: boom");
        assertThat(state.sql().queryColumn("SELECT finished_at IS NOT NULL FROM warden.rollbacks WHERE id = '"
                + plan.id() + "'")).containsExactly("t");
    }

    @Test
    void shouldKeepPinnedFactsAndDroppedDataForAResume() {
        RollbackRequest request = new RollbackRequest("shop", state.address().connectOptions(), null, null,
                RollbackOptions.defaults().withPinned(Map.of("down_migration.versions", "[\"2\"]")), NOW);
        DataImpact impact = new DataImpact(List.of(), List.of(), List.of(new DataImpact.Dropped("public.items", "price",
                2L), new DataImpact.Dropped("public.audit", null, null)), List.of("kept in the backup"));
        Step step = Steps.of("run_down_migrations", true, c -> Future.succeededFuture(), c -> Future.succeededFuture(false));
        RollbackPlan plan = RollbackPlan.create(StrategyKind.DOWN_MIGRATION, request, List.of(step), impact);

        journal.create(plan).await();
        JournaledRollback loaded = journal.load(plan.id()).await().orElseThrow();

        assertThat(loaded.options().pinned()).containsExactly(Map.entry("down_migration.versions", "[\"2\"]"));
        assertThat(loaded.impact()).isEqualTo(impact);
        assertThat(loaded.impact().valuesDropped()).containsExactly(Map.entry("public.items.price", 2L));
    }

    @Test
    void shouldMakeAtMostOneRollbackPerDecisionEvenWhenRacing() {
        Decision decision = JournalFixture.decision("shop", StrategyKind.FREEZE, DecisionMode.AUTO);
        List<RollbackPlan> plans = List.of(plan(decision, null, DataImpact.none()), plan(decision, null, DataImpact.none()),
                plan(decision, null, DataImpact.none()));

        List<Future<Boolean>> created = plans.stream().map(journal::create).toList();
        Future.join(created).await();

        assertThat(created.stream().filter(Future::result).count()).isEqualTo(1);
        assertThat(state.sql().queryLong("SELECT count(*) FROM warden.rollbacks WHERE decision_id = '" + decision.id()
                + "'")).isEqualTo(1);
        assertThat(journal.rollbackFor(decision.id()).await()).isPresent();
    }

    @Test
    void shouldListOnlyRunningRollbacksAsUnfinished() {
        RollbackPlan planned = plan(null, null, DataImpact.none());
        RollbackPlan running = plan(null, null, DataImpact.none());
        journal.create(planned).await();
        journal.create(running).await();
        journal.begin(running.id()).await();

        assertThat(journal.unfinished().await()).contains(running.id()).doesNotContain(planned.id());
    }

    /** Issue 12: a plan its Warden never started is found at the next start, and can be ended, once. */
    @Test
    void shouldListPlansNeverStartedAndEndThemOnlyWhileStillPlanned() {
        Decision decision = JournalFixture.decision("shop", StrategyKind.FREEZE, DecisionMode.AUTO);
        RollbackPlan unstarted = plan(decision, null, DataImpact.none());
        RollbackPlan waiting = plan(null, null, DataImpact.none());
        RollbackPlan started = plan(null, null, DataImpact.none());
        List.of(unstarted, waiting, started).forEach(plan -> journal.create(plan).await());
        journal.finish(waiting.id(), RollbackStatus.PLANNED, "waiting for approval", List.of()).await();
        journal.begin(started.id()).await();

        assertThat(journal.unstarted(NOW.plusSeconds(1)).await()).as("left waiting on purpose, or running: not listed")
                .contains(new Journal.Unstarted(unstarted.id(), decision.id()))
                .extracting(Journal.Unstarted::rollbackId).doesNotContain(waiting.id(), started.id());
        assertThat(journal.unstarted(NOW).await()).as("planned by this Warden since its start: not left over")
                .extracting(Journal.Unstarted::rollbackId).doesNotContain(unstarted.id());
        assertThat(journal.endUnstarted(started.id(), RollbackStatus.FAILED, "not started").await()).isFalse();
        assertThat(journal.endUnstarted(unstarted.id(), RollbackStatus.FAILED, "not started: the incident closed")
                .await()).isTrue();
        JournaledRollback ended = journal.load(unstarted.id()).await().orElseThrow();
        assertThat(ended.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(ended.outcome()).isEqualTo("not started: the incident closed");
        assertThat(journal.unstarted(NOW.plusSeconds(1)).await()).extracting(Journal.Unstarted::rollbackId)
                .doesNotContain(unstarted.id());
    }

    private static RollbackPlan plan(Decision decision, Backup backup, DataImpact impact) {
        RollbackRequest request = new RollbackRequest("shop", state.address().connectOptions(), decision, backup,
                RollbackOptions.defaults().withCriticalTables(List.of("orders")), NOW);
        Step step = Steps.of("page_a_human", false, c -> Future.succeededFuture(), c -> Future.succeededFuture(false));
        return RollbackPlan.create(StrategyKind.FREEZE, request, List.of(step), impact);
    }
}
