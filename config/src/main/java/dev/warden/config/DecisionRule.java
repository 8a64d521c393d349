package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One row of the decision matrix: an issue of a severity is answered by a strategy within a time
 * budget (first breach to verified rollback), after enough breaches in a row, in a mode. On a target
 * that lacks the strategy's settings, the rule's {@code fallback} answers instead (see
 * {@link EffectiveMatrix}).
 */
public record DecisionRule(IssueType issue, Severity severity, StrategyKind strategy, Duration timeBudget,
                           DecisionMode mode, int breachesInARow, Duration cooldown, Optional<StrategyKind> fallback) {

    /**
     * The runbooks' matrix. Each row falls back to freeze (page a human) on a target without the
     * settings its strategy needs. Rows of {@code decision_matrix} replace the row of the same issue and
     * severity; the others stay unless {@code decision_matrix_defaults: false}.
     */
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
    static final Key<StrategyKind> FALLBACK = Key.of("fallback", Types.enumOf(StrategyKind.class), null,
            "The strategy used on a target that lacks the settings of strategy (freeze and read_only need none);"
                    + " without one, such a target is a config error.");
    /** Top-level: whether user rows are merged into {@link #DEFAULTS} or make the whole matrix. */
    static final Key<Boolean> KEEP_DEFAULTS = Key.of("decision_matrix_defaults", Types.bool(), true,
            "true: decision_matrix rows replace the default rows of the same issue and severity and the other"
                    + " defaults stay; false: the matrix is decision_matrix alone (empty when it is absent).");

    static final Section SECTION = Section.list("decision_matrix",
            "Issue x severity -> strategy; each row replaces the default row of the same issue and severity.",
            List.of(ISSUE, SEVERITY, STRATEGY, TIME_BUDGET, MODE, BREACHES_IN_A_ROW, COOLDOWN, FALLBACK), List.of());

    /** A rule without a fallback. */
    public DecisionRule(IssueType issue, Severity severity, StrategyKind strategy, Duration timeBudget,
                        DecisionMode mode, int breachesInARow, Duration cooldown) {
        this(issue, severity, strategy, timeBudget, mode, breachesInARow, cooldown, Optional.empty());
    }

    /** The same rule answered by its fallback, which has no fallback of its own. */
    public DecisionRule answeredByFallback() {
        return new DecisionRule(issue, severity, fallback.orElseThrow(), timeBudget, mode, breachesInARow, cooldown);
    }

    /** Whether {@code other} is for the same issue and severity. */
    boolean sameCell(DecisionRule other) {
        return issue == other.issue && severity == other.severity;
    }

    /**
     * The matrix a configuration means: the defaults with each replaced by the user row of the same
     * issue and severity, then the user rows for other cells; or the user rows alone.
     */
    static List<DecisionRule> merge(List<DecisionRule> rows, boolean keepDefaults) {
        List<DecisionRule> merged = new ArrayList<>();
        if (keepDefaults) {
            for (DecisionRule standard : DEFAULTS) {
                merged.add(rows.stream().filter(standard::sameCell).findFirst().orElse(standard));
            }
        }
        rows.stream().filter(row -> merged.stream().noneMatch(row::sameCell)).forEach(merged::add);
        return merged;
    }

    static DecisionRule read(Node node) {
        Severity severity = node.get(SEVERITY);
        Integer breaches = node.get(BREACHES_IN_A_ROW);
        return new DecisionRule(node.get(ISSUE), severity, node.get(STRATEGY), node.get(TIME_BUDGET), node.get(MODE),
                breaches != null ? breaches : defaultBreaches(severity), node.get(COOLDOWN),
                Optional.ofNullable(node.get(FALLBACK)));
    }

    private static DecisionRule defaults(IssueType issue, Severity severity, StrategyKind strategy, Duration budget) {
        return new DecisionRule(issue, severity, strategy, budget, DecisionMode.AUTO, defaultBreaches(severity),
                Duration.ofMinutes(30), Optional.of(StrategyKind.FREEZE));
    }

    private static int defaultBreaches(Severity severity) {
        return severity == Severity.CRITICAL ? 1 : 3;
    }
}
