package dev.warden.rollback.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.checks.CheckResult;
import dev.warden.config.ConfigLoader;
import dev.warden.config.DecisionMode;
import dev.warden.config.DecisionRule;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.config.StrategyKind;
import dev.warden.config.WardenConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionEngineTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-22T03:00:00Z"));
    private final DecisionEngine engine = new DecisionEngine(new DecisionMatrix(DecisionRule.DEFAULTS), clock);

    @Test
    void shouldActOnTheFirstCriticalBreach() {
        Optional<Decision> decision = engine.observe("orders", breach("row_count_drift", IssueType.DATA_CORRUPTION,
                Severity.CRITICAL, "public.orders dropped 40%"));

        assertThat(decision).hasValueSatisfying(d -> {
            assertThat(d.strategy()).isEqualTo(StrategyKind.FULL_ROLLBACK);
            assertThat(d.mode()).isEqualTo(DecisionMode.AUTO);
            assertThat(d.deadline()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
            assertThat(d.reasoning()).anySatisfy(line -> assertThat(line).contains("data_corruption/critical -> full_rollback"))
                    .anySatisfy(line -> assertThat(line).contains("public.orders dropped 40%"));
        });
    }

    @Test
    void shouldWaitForThreeNonCriticalBreachesInARowAndMeasureTheBudgetFromTheFirst() {
        Instant first = clock.instant();
        assertThat(observeLockBreach()).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(observeLockBreach()).isEmpty();
        clock.advance(Duration.ofSeconds(30));

        Optional<Decision> third = observeLockBreach();
        assertThat(third).hasValueSatisfying(d -> {
            assertThat(d.streak()).isEqualTo(3);
            assertThat(d.firstBreachAt()).isEqualTo(first);
            assertThat(d.strategy()).isEqualTo(StrategyKind.FEATURE_FLAG);
        });
    }

    @Test
    void shouldNeverCountInconclusiveResultsAndStartOverAfterAnOk() {
        observeLockBreach();
        observeLockBreach();
        assertThat(engine.observe("orders", CheckResult.inconclusive("lock_waits", clock.instant(), "connection lost")))
                .isEmpty();
        assertThat(engine.observe("orders", CheckResult.inconclusive("lock_waits", clock.instant(), "timeout")))
                .isEmpty();
        assertThat(observeLockBreach()).as("two breaches, two inconclusive, one breach: three breaches").isPresent();

        observeLockBreach();
        observeLockBreach();
        engine.observe("orders", CheckResult.ok("lock_waits", clock.instant(), "no waits", Map.of()));
        assertThat(observeLockBreach()).as("an OK ends the streak").isEmpty();
    }

    @Test
    void shouldNotDecideAgainDuringTheCooldownEvenAfterARestart() {
        Decision first = engine.observe("orders", corruption()).orElseThrow();
        assertThat(engine.observe("orders", corruption())).isEmpty();
        assertThat(engine.observe("billing", corruption())).as("cooldown is per target").isPresent();

        DecisionEngine restarted = new DecisionEngine(new DecisionMatrix(DecisionRule.DEFAULTS), clock);
        restarted.remember(first);
        assertThat(restarted.observe("orders", corruption())).isEmpty();

        clock.advance(Duration.ofMinutes(31));
        assertThat(restarted.observe("orders", corruption())).isPresent();
    }

    @Test
    void shouldFallBackToTheIssuesRowAtOrBelowTheBreachSeverity() {
        DecisionMatrix matrix = new DecisionMatrix(DecisionRule.DEFAULTS);

        assertThat(matrix.ruleFor(IssueType.SCHEMA_MISMATCH, Severity.CRITICAL))
                .map(DecisionRule::strategy).hasValue(StrategyKind.BRANCH_SWAP);
        assertThat(matrix.ruleFor(IssueType.DATA_CORRUPTION, Severity.HIGH)).isEmpty();
        assertThat(engine.observe("orders", breach("corruption", IssueType.DATA_CORRUPTION, Severity.HIGH, "x")))
                .as("no rule: alert only").isEmpty();
    }

    @Test
    void shouldUseEachTargetsOwnMatrixAndSayWhenAFallbackAnswers() {
        WardenConfig config = ConfigLoader.parse("""
                targets:
                  - {name: orders, url: "postgres://h/orders"}
                  - name: billing
                    url: "postgres://h/billing"
                    rollback: {feature_flag: {sql: {table: public.flags, key: checkout}}}
                """, "f", Map.of());
        Map<String, DecisionMatrix> matrices = Map.of(
                "orders", DecisionMatrix.of(config.effectiveMatrix(config.targets().get(0))),
                "billing", DecisionMatrix.of(config.effectiveMatrix(config.targets().get(1))));
        DecisionEngine perTarget = new DecisionEngine(matrices::get, clock);
        CheckResult lockWait = breach("lock_waits", IssueType.PERFORMANCE_DEGRADATION, Severity.MEDIUM, "queue of 3");

        perTarget.observe("orders", lockWait);
        perTarget.observe("orders", lockWait);
        perTarget.observe("billing", lockWait);
        perTarget.observe("billing", lockWait);
        Decision orders = perTarget.observe("orders", lockWait).orElseThrow();
        Decision billing = perTarget.observe("billing", lockWait).orElseThrow();

        assertThat(orders.strategy()).isEqualTo(StrategyKind.FREEZE);
        assertThat(orders.reasoning()).contains("fallback: feature_flag cannot run on orders (feature_flag needs"
                + " rollback.feature_flag (one of sql, unleash, http))");
        assertThat(billing.strategy()).isEqualTo(StrategyKind.FEATURE_FLAG);
        assertThat(billing.reasoning()).noneMatch(line -> line.startsWith("fallback"));
    }

    /** Issue 10: a rule's cooldown holds within one incident; the next incident is acted on at once. */
    @Test
    void shouldCoolDownWithinAnIncidentButNotAcrossIncidents() {
        Decision first = engine.assess("orders", corruption()).orElseThrow().inIncident("incident-1");
        assertThat(engine.cooldownUntil(first)).as("nothing acted on yet").isEmpty();
        engine.acted(first);

        Decision again = engine.assess("orders", corruption()).orElseThrow().inIncident("incident-1");
        assertThat(engine.cooldownUntil(again)).hasValue(first.decidedAt().plus(Duration.ofMinutes(30)));
        Decision next = engine.assess("orders", corruption()).orElseThrow().inIncident("incident-2");
        assertThat(engine.cooldownUntil(next)).as("a new incident after the first closed").isEmpty();

        DecisionEngine restarted = new DecisionEngine(new DecisionMatrix(DecisionRule.DEFAULTS), clock);
        restarted.remember(first);
        assertThat(restarted.cooldownUntil(again)).as("remembered across a restart").isPresent();
        clock.advance(Duration.ofMinutes(31));
        assertThat(restarted.cooldownUntil(again)).isEmpty();
    }

    @Test
    void shouldGiveEachDecisionItsOwnId() {
        Decision a = engine.observe("a", corruption()).orElseThrow();
        Decision b = engine.observe("b", corruption()).orElseThrow();
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(List.of(a.mayAct(), b.mayAct())).containsOnly(true);
    }

    private Optional<Decision> observeLockBreach() {
        return engine.observe("orders", breach("lock_waits", IssueType.PERFORMANCE_DEGRADATION, Severity.MEDIUM,
                "a DDL statement heads a queue of 12 sessions for 45 s"));
    }

    private CheckResult corruption() {
        return breach("row_count_drift", IssueType.DATA_CORRUPTION, Severity.CRITICAL, "public.orders dropped 40%");
    }

    private CheckResult breach(String check, IssueType issue, Severity severity, String summary) {
        return CheckResult.breach(check, clock.instant(), issue, severity, summary, Map.of());
    }

    /** A clock the test moves by hand: cooldowns and budgets in milliseconds, no sleeping. */
    static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
