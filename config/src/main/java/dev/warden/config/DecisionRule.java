package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.time.Duration;
import java.util.List;

/**
 * One row of the decision matrix: an issue of a severity is answered by a strategy within a time
 * budget (first breach to verified rollback), after enough breaches in a row, in a mode.
 */
public record DecisionRule(IssueType issue, Severity severity, StrategyKind strategy, Duration timeBudget,
                           DecisionMode mode, int breachesInARow, Duration cooldown) {

    /** The runbooks' matrix, used when the configuration has no {@code decision_matrix}. */
    public static final List<DecisionRule> DEFAULTS = List.of(
            defaults(IssueType.QUERY_ERRORS, Severity.HIGH, StrategyKind.CODE_REVERT, Duration.ofMinutes(5)),
            defaults(IssueType.SCHEMA_MISMATCH, Severity.HIGH, StrategyKind.BRANCH_SWAP, Duration.ofMinutes(10)),
            defaults(IssueType.PERFORMANCE_DEGRADATION, Severity.MEDIUM, StrategyKind.FEATURE_FLAG, Duration.ofMinutes(1)),
            defaults(IssueType.DATA_CORRUPTION, Severity.CRITICAL, StrategyKind.FULL_ROLLBACK, Duration.ofMinutes(15)),
            defaults(IssueType.PARTIAL_FEATURE_FAILURE, Severity.LOW, StrategyKind.FEATURE_FLAG, Duration.ofMinutes(1)));

    static final Key<IssueType> ISSUE = Key.required("issue", Types.enumOf(IssueType.class), "The issue type a check reports.");
    static final Key<Severity> SEVERITY = Key.required("severity", Types.enumOf(Severity.class), "The severity it reports.");
    static final Key<StrategyKind> STRATEGY = Key.required("strategy", Types.enumOf(StrategyKind.class),
            "The rollback strategy that answers it.");
    static final Key<Duration> TIME_BUDGET = Key.required("time_budget", Types.duration(Duration.ofSeconds(1)),
            "Time from the first breach to a verified rollback; Warden reports whether it was met.");
    static final Key<DecisionMode> MODE = Key.of("mode", Types.enumOf(DecisionMode.class), DecisionMode.AUTO,
            "auto acts; approve waits for POST /api/rollbacks/{id}/approve; dry_run only records; freeze only pages.");
    static final Key<Integer> BREACHES_IN_A_ROW = Key.derived("breaches_in_a_row", Types.integer(1, 100),
            "1 for critical, else 3", "Breaches in a row before the rule acts; inconclusive results never count.");
    static final Key<Duration> COOLDOWN = Key.of("cooldown", Types.duration(Duration.ZERO), Duration.ofMinutes(30),
            "After acting, how long the rule waits before it may act again on the same target.");

    static final Section SECTION = Section.list("decision_matrix",
            "Issue x severity -> strategy; replaces the default matrix entirely when given.",
            List.of(ISSUE, SEVERITY, STRATEGY, TIME_BUDGET, MODE, BREACHES_IN_A_ROW, COOLDOWN), List.of());

    static DecisionRule read(Node node) {
        Severity severity = node.get(SEVERITY);
        Integer breaches = node.get(BREACHES_IN_A_ROW);
        return new DecisionRule(node.get(ISSUE), severity, node.get(STRATEGY), node.get(TIME_BUDGET), node.get(MODE),
                breaches != null ? breaches : defaultBreaches(severity), node.get(COOLDOWN));
    }

    private static DecisionRule defaults(IssueType issue, Severity severity, StrategyKind strategy, Duration budget) {
        return new DecisionRule(issue, severity, strategy, budget, DecisionMode.AUTO, defaultBreaches(severity),
                Duration.ofMinutes(30));
    }

    private static int defaultBreaches(Severity severity) {
        return severity == Severity.CRITICAL ? 1 : 3;
    }
}
