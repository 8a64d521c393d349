package dev.warden.bench;

import dev.warden.checks.CheckResult;
import dev.warden.config.DecisionMode;
import dev.warden.config.DecisionRule;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.config.StrategyKind;
import dev.warden.rollback.decision.Decision;
import dev.warden.rollback.decision.DecisionEngine;
import dev.warden.rollback.decision.DecisionMatrix;
import dev.warden.rollback.engine.DecisionRollbacks;
import dev.warden.rollback.engine.RollbackExecutor;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.strategy.FreezeStrategy;
import dev.warden.rollback.strategy.ReadOnlyStrategy;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The engine's own latency from a breach to action, in-process: a critical {@code row_count_drift}
 * breach is fed to a {@link DecisionEngine} (matrix: data_corruption/critical -> read_only, auto, one
 * breach) and its decision to {@link DecisionRollbacks} (journal on a real state database, executor
 * with the read_only and freeze strategies), exactly as the daemon's judge hands them over. Measured
 * from the instant the result is observed to the instant the first step is journaled {@code started}
 * (read back from {@code warden.rollback_steps}). Each run names a new target, so that neither the
 * matrix's cooldown nor the journal's incident window takes it for the previous run's incident; all
 * of them point at the same database, whose read-only setting is reset between runs (untimed).
 */
final class ActLatency {
    static final String TARGET_DATABASE = "act";
    private static final Duration BUDGET = Duration.ofMinutes(15);

    /** Per run: observed -> first step started, observed -> planned, planned -> running, running -> first step, observed -> finished. */
    record Result(Timings toFirstStep, Timings toPlanned, Timings plannedToRunning, Timings runningToFirstStep,
                  Timings toFinished) {
        Result() {
            this(new Timings(), new Timings(), new Timings(), new Timings(), new Timings());
        }
    }

    private final Clock clock = Clock.systemUTC();
    private final DecisionEngine engine;
    private final DecisionRollbacks rollbacks;
    private final JournalDatabase state;
    private final Sql admin;

    private ActLatency(Vertx vertx, PgAddress target, JournalDatabase state) {
        this.state = state;
        this.admin = new Sql(target.withDatabase("postgres"));
        this.engine = new DecisionEngine(new DecisionMatrix(List.of(new DecisionRule(IssueType.DATA_CORRUPTION,
                Severity.CRITICAL, StrategyKind.READ_ONLY, BUDGET, DecisionMode.AUTO, 1, Duration.ofMinutes(30)))), clock);
        PgConnectOptions options = TargetOptions.of("act", target);
        RollbackExecutor executor = new RollbackExecutor(vertx, clock, state.journal(),
                List.of(new ReadOnlyStrategy(vertx), new FreezeStrategy()), name -> options);
        this.rollbacks = new DecisionRollbacks(state.journal(), executor, decision -> Future.succeededFuture(
                RollbackRequest.of(decision.target(), options, decision, null, RollbackOptions.defaults(), clock)));
    }

    /** {@code warmups} untimed runs, then {@code runs} timed ones, on the target database {@code act} of {@code target}'s server. */
    static Result measure(Vertx vertx, PgAddress target, JournalDatabase state, int warmups, int runs) {
        ActLatency latency = new ActLatency(vertx, target.withDatabase(TARGET_DATABASE), state);
        Result result = new Result();
        for (int run = 0; run < warmups + runs; run++) {
            Run once = latency.once("inproc_" + run);
            if (run >= warmups) {
                Instant observed = once.observed();
                JournalTimes journaled = once.journaled();
                result.toFirstStep().add(nanos(observed, journaled.firstStepStarted()));
                result.toPlanned().add(nanos(observed, journaled.plannedAt()));
                result.plannedToRunning().add(nanos(journaled.plannedAt(), journaled.startedAt()));
                result.runningToFirstStep().add(nanos(journaled.startedAt(), journaled.firstStepStarted()));
                result.toFinished().add(nanos(observed, journaled.finishedAt()));
            }
        }
        return result;
    }

    /** One breach to a finished rollback: when it was observed, and what the journal recorded. */
    private Run once(String target) {
        CheckResult breach = CheckResult.breach("row_count_drift", clock.instant(), IssueType.DATA_CORRUPTION,
                Severity.CRITICAL, "app.orders lost 400 rows (40%) since the previous cycle: 1000 -> 600",
                Map.of("tables", List.of(Map.of("table", "app.orders", "rows", 600, "previous_rows", 1000))));
        Instant observed = clock.instant();
        Decision decision = engine.observe(target, breach)
                .orElseThrow(() -> new IllegalStateException("a critical breach made no decision"));
        rollbacks.submit(decision).await();
        JournalTimes journaled = JournalTimes.ofDecision(state.sql(), decision.id())
                .orElseThrow(() -> new IllegalStateException("decision " + decision.id() + " has no started rollback"));
        if (!"succeeded".equals(journaled.status())) {
            throw new IllegalStateException("rollback " + journaled.id() + " ended " + journaled.status());
        }
        admin.execute("ALTER DATABASE " + TARGET_DATABASE + " RESET default_transaction_read_only");
        return new Run(observed, journaled);
    }

    private record Run(Instant observed, JournalTimes journaled) {
    }

    static long nanos(Instant from, Instant to) {
        return Duration.between(from, to).toNanos();
    }
}
