package dev.warden.rollback.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.StrategyKind;
import dev.warden.rollback.backup.Verification;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class RollbackExecutorTest {
    private static TestDatabase target;
    private static TestDatabase state;
    private static Vertx vertx;
    private static Pool statePool;
    private static Journal journal;

    @BeforeAll
    static void setUp(TestDatabase database, PostgresServer server) {
        target = database;
        state = server.createDatabase("executor_state");
        JournalFixture.createTables(state.sql());
        target.sql().execute("CREATE TABLE marks (name text PRIMARY KEY)");
        vertx = Vertx.vertx();
        statePool = JournalFixture.pool(vertx, state.address());
        journal = new PgJournal(statePool, Clock.systemUTC());
    }

    @AfterAll
    static void tearDown() {
        statePool.close().await();
        vertx.close().await();
        new Sql(state.server().admin()).execute("DROP DATABASE IF EXISTS \"" + state.name() + "\" WITH (FORCE)");
    }

    @BeforeEach
    void clearMarks() {
        target.sql().execute("TRUNCATE marks");
    }

    @Test
    void shouldJournalEveryStepBeforeItRunsAndAfterItEnds() {
        List<String> seenWhileRunning = new CopyOnWriteArrayList<>();
        Step observing = Steps.of("observe_journal", false, ctx -> statePool.preparedQuery(
                        "SELECT string_agg(position || ':' || event, ',' ORDER BY seq) FROM warden.rollback_steps"
                                + " WHERE rollback_id = $1").execute(Tuple.of(ctx.rollbackId()))
                .map(rows -> seenWhileRunning.add(rows.iterator().next().getString(0))).mapEmpty(),
                ctx -> Future.succeededFuture(false));
        RollbackPlan plan = plan(mark("first", true), observing);

        RollbackOutcome outcome = executor(plan).execute(plan).await();

        assertThat(outcome.status()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(seenWhileRunning).containsExactly("0:started,0:succeeded,1:started");
        assertThat(JournalFixture.events(state.sql(), plan.id())).containsExactly("0:mark_first:started",
                "0:mark_first:succeeded", "1:observe_journal:started", "1:observe_journal:succeeded");
        assertThat(JournalFixture.status(state.sql(), plan.id())).isEqualTo("succeeded");
        assertThat(outcome.evidence()).anySatisfy(line -> assertThat(line).startsWith("step 1 mark_first: succeeded in"));
    }

    @Test
    void shouldSkipAStepWhoseEffectIsAlreadyInPlace() {
        target.sql().execute("INSERT INTO marks VALUES ('first')");
        RollbackPlan plan = plan(mark("first", true), mark("second", true));

        RollbackOutcome outcome = executor(plan).execute(plan).await();

        assertThat(outcome.status()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(JournalFixture.events(state.sql(), plan.id())).containsExactly("0:mark_first:skipped_already_done",
                "1:mark_second:started", "1:mark_second:succeeded");
        assertThat(target.sql().queryColumn("SELECT name FROM marks ORDER BY name")).containsExactly("first", "second");
    }

    @Test
    void shouldFailFastWhenAnotherWardenHoldsTheFence() {
        Vertx other = Vertx.vertx();
        try {
            Fence held = Fence.acquire(other, "shop", target.address().connectOptions()).await();
            RollbackPlan plan = plan(mark("first", true));

            assertThatThrownBy(() -> executor(plan).execute(plan).await())
                    .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY))
                    .hasMessageContaining("another Warden is already rolling back target shop");
            assertThat(target.sql().queryLong("SELECT count(*) FROM marks")).isZero();
            assertThat(journal.load(plan.id()).await()).isEmpty();
            held.release().await();
        } finally {
            other.close().await();
        }
    }

    @Test
    void shouldStopBeforeTheNextDestructiveStepWhenTheFenceIsLost() {
        Step loseFence = Steps.of("lose_fence", false, ctx -> ctx.onTarget(c -> c.preparedQuery(
                "SELECT pg_terminate_backend($1)").execute(Tuple.of(ctx.fencePid()))).mapEmpty(),
                ctx -> Future.succeededFuture(false));
        RollbackPlan plan = plan(loseFence, mark("after", true), cleanUp());

        RollbackOutcome outcome = executor(plan).execute(plan).await();

        assertThat(outcome.status()).isEqualTo(RollbackStatus.FAILED);
        assertThat(outcome.summary()).startsWith("stopped before step 2 mark_after: lost the rollback fence");
        assertThat(target.sql().queryLong("SELECT count(*) FROM marks")).as("neither the step nor the clean-up ran")
                .isZero();
        assertThat(JournalFixture.events(state.sql(), plan.id())).containsExactly("0:lose_fence:started",
                "0:lose_fence:succeeded");
    }

    @Test
    void shouldRunCleanUpStepsAfterAFailureAndReportPartial() {
        Step failing = Steps.of("fail", true, ctx -> Future.failedFuture(new IllegalStateException("boom")),
                ctx -> Future.succeededFuture(false));
        RollbackPlan plan = plan(mark("first", true), failing, mark("skipped", true), cleanUp());

        RollbackOutcome outcome = executor(plan).execute(plan).await();

        assertThat(outcome.status()).isEqualTo(RollbackStatus.PARTIAL);
        assertThat(outcome.summary()).isEqualTo("step 2 fail failed: boom");
        assertThat(target.sql().queryColumn("SELECT name FROM marks ORDER BY name")).containsExactly("cleanup", "first");
        assertThat(JournalFixture.events(state.sql(), plan.id())).containsExactly("0:mark_first:started",
                "0:mark_first:succeeded", "1:fail:started", "1:fail:failed", "3:mark_cleanup:started",
                "3:mark_cleanup:succeeded");
        assertThat(journal.load(plan.id()).await().orElseThrow().entries().get(3).error()).isEqualTo("boom");
    }

    @Test
    void shouldMarkNeedsAttentionWhenAnInterruptedStepCannotTellWhetherItRan() {
        Step blind = Steps.of("blind", true, ctx -> ctx.onTarget(c -> c.query("INSERT INTO marks VALUES ('blind')")
                .execute()).mapEmpty(), ctx -> Future.failedFuture(new IllegalStateException("no way to know")));
        RollbackPlan plan = plan(blind, mark("second", true));
        journal.create(plan).await();
        journal.begin(plan.id()).await();
        journal.step(plan.id(), 0, blind, StepEvent.STARTED, null).await(); // then the Warden "crashed"

        RollbackOutcome outcome = executor(plan).resume(plan.id()).await();

        assertThat(outcome.status()).isEqualTo(RollbackStatus.NEEDS_ATTENTION);
        assertThat(outcome.summary()).contains("step 1 blind was under way when Warden stopped")
                .contains("no way to know");
        assertThat(target.sql().queryLong("SELECT count(*) FROM marks")).as("nothing repeated, nothing run").isZero();
        assertThat(JournalFixture.status(state.sql(), plan.id())).isEqualTo("needs_attention");
    }

    @Test
    void shouldMarkNeedsAttentionWhenAnInterruptedStepLeavesNoTraceOfItsEffect() {
        Step mark = mark("traceless", true);
        Step traceless = new Step() {
            @Override
            public String name() {
                return mark.name();
            }

            @Override
            public boolean destructive() {
                return true;
            }

            @Override
            public Future<Void> run(StepContext context) {
                return mark.run(context);
            }

            @Override
            public Future<Boolean> done(StepContext context) {
                return Future.succeededFuture(false); // all it can say: not known to be in place
            }

            @Override
            public boolean canTellWhetherDone() {
                return false;
            }
        };
        RollbackPlan plan = plan(traceless);
        journal.create(plan).await();
        journal.begin(plan.id()).await();
        journal.step(plan.id(), 0, traceless, StepEvent.STARTED, null).await();

        RollbackOutcome outcome = executor(plan).resume(plan.id()).await();

        assertThat(outcome.status()).isEqualTo(RollbackStatus.NEEDS_ATTENTION);
        assertThat(outcome.summary()).contains("step 1 mark_traceless was under way when Warden stopped")
                .contains("leaves no trace");
        assertThat(target.sql().queryLong("SELECT count(*) FROM marks")).as("not run a second time").isZero();
    }

    @Test
    void shouldResumeFromTheInterruptedStepWhenItsEffectIsInPlace() {
        Step first = mark("first", true);
        RollbackPlan plan = plan(first, mark("second", true));
        journal.create(plan).await();
        journal.begin(plan.id()).await();
        journal.step(plan.id(), 0, first, StepEvent.STARTED, null).await();
        target.sql().execute("INSERT INTO marks VALUES ('first')"); // it ran; the Warden stopped before journaling that

        RollbackOutcome outcome = executor(plan).resumeUnfinished().await().stream()
                .filter(o -> o.rollbackId().equals(plan.id())).findFirst().orElseThrow();

        assertThat(outcome.status()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(JournalFixture.events(state.sql(), plan.id())).containsExactly("0:mark_first:started",
                "0:mark_first:skipped_already_done", "1:mark_second:started", "1:mark_second:succeeded");
        assertThat(outcome.evidence().get(0)).startsWith("resumed at ");
    }

    @Test
    void shouldEndPartialBeforeGivingTheDatabaseBackWhenTheRollbackDoesNotVerify() {
        Step lift = Steps.of("lift_read_only.reset", true, ctx -> Future.failedFuture(new AssertionError("lifted")),
                ctx -> Future.succeededFuture(false));
        RollbackPlan unverified = plan(mark("first", true), lift);
        RollbackVerifier refuses = (kind, ctx) -> Future.succeededFuture(Verification.failed("the canary still fails",
                List.of("check canary_queries breach: 1 of 1 queries failed")));
        RollbackStrategy verified = new VerifiedStrategy(scripted(unverified), refuses);
        RollbackPlan plan = verified.plan(unverified.request()).await();

        RollbackOutcome outcome = new RollbackExecutor(vertx, Clock.systemUTC(), journal, List.of(verified),
                name -> target.address().connectOptions()).execute(plan).await();

        assertThat(plan.stepNames()).containsExactly("mark_first", VerifiedStrategy.STEP, "lift_read_only.reset");
        assertThat(outcome.status()).isEqualTo(RollbackStatus.PARTIAL);
        assertThat(outcome.summary()).contains("verify_rollback failed: the canary still fails");
        assertThat(outcome.evidence()).contains("step 2 verify_rollback: check canary_queries breach: 1 of 1 queries failed");
        assertThat(JournalFixture.events(state.sql(), plan.id())).containsExactly("0:mark_first:started",
                "0:mark_first:succeeded", "1:verify_rollback:started", "1:verify_rollback:failed");
    }

    private static Step mark(String name, boolean destructive) {
        return Steps.of("mark_" + name, destructive,
                ctx -> ctx.onTarget(c -> c.preparedQuery("INSERT INTO marks VALUES ($1)").execute(Tuple.of(name)))
                        .mapEmpty(),
                ctx -> ctx.onTarget(c -> c.preparedQuery("SELECT EXISTS (SELECT 1 FROM marks WHERE name = $1)")
                        .execute(Tuple.of(name))).map(rows -> rows.iterator().next().getBoolean(0)));
    }

    private static Step cleanUp() {
        Step mark = mark("cleanup", true);
        return Steps.always(mark.name(), true, mark::run, mark::done);
    }

    private static RollbackPlan plan(Step... steps) {
        RollbackRequest request = RollbackRequest.of("shop", target.address().connectOptions(), null, null,
                RollbackOptions.defaults(), Clock.systemUTC());
        return RollbackPlan.create(StrategyKind.FEATURE_FLAG, request, List.of(steps), DataImpact.none());
    }

    private static RollbackExecutor executor(RollbackPlan plan) {
        return new RollbackExecutor(vertx, Clock.systemUTC(), journal, List.of(scripted(plan)),
                name -> target.address().connectOptions());
    }

    /** A feature_flag strategy whose plan is {@code plan}. */
    private static RollbackStrategy scripted(RollbackPlan plan) {
        return new RollbackStrategy() {
            @Override
            public StrategyKind kind() {
                return StrategyKind.FEATURE_FLAG;
            }

            @Override
            public Future<RollbackPlan> plan(RollbackRequest request) {
                return Future.succeededFuture(plan);
            }

            @Override
            public List<Step> steps(RollbackRequest request) {
                return plan.steps();
            }
        };
    }
}
