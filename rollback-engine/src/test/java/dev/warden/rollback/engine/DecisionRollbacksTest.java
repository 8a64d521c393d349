package dev.warden.rollback.engine;

import dev.warden.WardenException;
import dev.warden.ErrorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.config.DecisionMode;
import dev.warden.config.StrategyKind;
import dev.warden.rollback.decision.Decision;
import dev.warden.rollback.strategy.FreezeStrategy;
import dev.warden.rollback.strategy.ReadOnlyStrategy;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class DecisionRollbacksTest {
    private static TestDatabase db;
    private static Vertx vertx;
    private static Pool statePool;
    private static PgJournal journal;

    @BeforeAll
    static void setUp(TestDatabase database) {
        db = database; // both the state database and, for the freeze strategy, the target: freeze changes nothing
        JournalFixture.createTables(db.sql());
        vertx = Vertx.vertx();
        statePool = JournalFixture.pool(vertx, db.address());
        journal = new PgJournal(statePool, Clock.systemUTC());
    }

    @AfterAll
    static void tearDown() {
        statePool.close().await();
        vertx.close().await();
    }

    @Test
    void shouldMakeOneRollbackOfADecisionSubmittedTwice() {
        Decision decision = JournalFixture.decision("shop", StrategyKind.FREEZE, DecisionMode.AUTO);
        DecisionRollbacks port = port();

        Future.join(port.submit(decision), port.submit(decision)).await();
        port.submit(decision).await();

        assertThat(db.sql().queryColumn("SELECT status FROM warden.rollbacks WHERE decision_id = '" + decision.id() + "'"))
                .containsExactly("succeeded");
        String id = journal.rollbackFor(decision.id()).await().orElseThrow();
        assertThat(JournalFixture.events(db.sql(), id)).containsExactly("0:page_a_human:started",
                "0:page_a_human:succeeded");
    }

    @Test
    void shouldPageAHumanWhenThisWardenHasNoStrategyForTheDecision() {
        Decision decision = JournalFixture.decision("shop", StrategyKind.CODE_REVERT, DecisionMode.AUTO);

        port().submit(decision).await();

        JournaledRollback rollback = journal.load(journal.rollbackFor(decision.id()).await().orElseThrow()).await()
                .orElseThrow();
        assertThat(rollback.strategy()).isEqualTo(StrategyKind.FREEZE);
        assertThat(rollback.status()).isEqualTo(RollbackStatus.SUCCEEDED);
        assertThat(rollback.evidence()).anySatisfy(line -> assertThat(line).contains("a human must decide")
                .contains("public.orders dropped 40%"));
    }

    @Test
    void shouldOnlyPlanADecisionThatWaitsForApproval() {
        Decision decision = JournalFixture.decision("shop", StrategyKind.FREEZE, DecisionMode.APPROVE);
        decision = new Decision(decision.id(), decision.target(), decision.check(), decision.issue(),
                decision.severity(), StrategyKind.READ_ONLY, DecisionMode.APPROVE, decision.timeBudget(),
                decision.firstBreachAt(), decision.decidedAt(), decision.streak(), decision.reasoning());

        port().submit(decision).await();

        String id = journal.rollbackFor(decision.id()).await().orElseThrow();
        assertThat(JournalFixture.status(db.sql(), id)).isEqualTo("planned");
        assertThat(JournalFixture.events(db.sql(), id)).isEmpty();
    }

    @Test
    void shouldRunAnApprovedPlanOnceAndRefuseASecondApproval() {
        // read_only really changes a database: a throwaway one, so this class's stays writable.
        TestDatabase other = PostgresServer.shared().createDatabase("approve_ro");
        RollbackExecutor executor = new RollbackExecutor(vertx, Clock.systemUTC(), journal,
                List.of(new FreezeStrategy(), new ReadOnlyStrategy(vertx)), name -> other.address().connectOptions());
        DecisionRollbacks port = new DecisionRollbacks(journal, executor, d -> Future.succeededFuture(RollbackRequest.of(
                d.target(), other.address().connectOptions(), d, null, RollbackOptions.defaults(), Clock.systemUTC())));
        Decision template = JournalFixture.decision("approve", StrategyKind.FREEZE, DecisionMode.APPROVE);
        Decision decision = new Decision(template.id(), template.target(), template.check(), template.issue(),
                template.severity(), StrategyKind.READ_ONLY, DecisionMode.APPROVE, template.timeBudget(),
                template.firstBreachAt(), template.decidedAt(), template.streak(), template.reasoning());
        port.submit(decision).await();
        String id = journal.rollbackFor(decision.id()).await().orElseThrow();
        assertThat(JournalFixture.status(db.sql(), id)).isEqualTo("planned");

        RollbackOutcome outcome = executor.approve(id).await();

        assertThat(outcome.succeeded()).as(outcome.summary()).isTrue();
        assertThat(JournalFixture.status(db.sql(), id)).isEqualTo("succeeded");
        assertThat(other.sql().queryColumn("SHOW default_transaction_read_only")).containsExactly("on");
        assertThatThrownBy(() -> executor.approve(id).await())
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY))
                .hasMessageContaining("only a planned rollback can be approved");
        assertThat(journal.recent(50).await()).contains(id);
    }

    @Test
    void shouldMakeOneRollbackWhenTwoWardensDecideOnTheSameIncident() {
        // Each Warden's decider joined the target's one open incident.
        String incident = UUID.randomUUID().toString();
        Decision first = JournalFixture.decision("twins", StrategyKind.FREEZE, DecisionMode.AUTO).inIncident(incident);
        Decision second = JournalFixture.decision("twins", StrategyKind.FREEZE, DecisionMode.AUTO).inIncident(incident);
        assertThat(first.id()).isNotEqualTo(second.id());

        // Two processes: each its own executor and port, one state database between them.
        Future.all(port().submit(first), port().submit(second)).await();

        assertThat(db.sql().queryLong("SELECT count(*) FROM warden.rollbacks WHERE target = 'twins'")).isEqualTo(1);
    }

    private static RollbackExecutor executor() {
        return new RollbackExecutor(vertx, Clock.systemUTC(), journal,
                List.of(new FreezeStrategy(), new ReadOnlyStrategy(vertx)),
                name -> db.address().connectOptions());
    }

    /** These tests make independent decisions about one target within seconds, each in no incident. */
    private static DecisionRollbacks port() {
        RollbackExecutor executor = executor();
        return new DecisionRollbacks(journal, executor, decision -> {
            return Future.succeededFuture(RollbackRequest.of(decision.target(), db.address().connectOptions(), decision,
                    null, RollbackOptions.defaults(), Clock.systemUTC()));
        });
    }
}
