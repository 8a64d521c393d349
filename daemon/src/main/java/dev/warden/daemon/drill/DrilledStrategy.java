package dev.warden.daemon.drill;

import dev.warden.config.DecisionRule;
import dev.warden.config.EffectiveMatrix;
import dev.warden.config.StrategyKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A strategy the target's matrix would use, with the budget the drill holds it to: the tightest
 * time_budget among the rules it answers (or the operator's {@code --budget}), and why it is or is not
 * drilled.
 *
 * @param rules       the rules it answers, as {@code issue/severity}
 * @param notDrilled  why the drill cannot run it on a copy, or null when it does
 * @param outside     the part of it that acts outside the database and is not drilled, or null
 */
record DrilledStrategy(StrategyKind kind, Duration budget, List<String> rules, String notDrilled, String outside) {
    /** Strategies a copy can show: all they do, or all but a stated part, happens inside the database. */
    private static final List<StrategyKind> ON_THE_COPY = List.of(StrategyKind.BRANCH_SWAP,
            StrategyKind.DOWN_MIGRATION, StrategyKind.FULL_ROLLBACK);
    /** What full_rollback does outside the database: the drill lists its step as skipped, with this. */
    static final String FULL_ROLLBACK_OUTSIDE = "code_revert acts outside the database (a deploy webhook or"
            + " command): not drilled on a copy";

    String name() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** The restoring strategies of {@code matrix} as it acts on its target, each once. */
    static List<DrilledStrategy> of(EffectiveMatrix matrix, Duration budgetOverride) {
        Map<StrategyKind, List<DecisionRule>> byKind = new EnumMap<>(StrategyKind.class);
        for (DecisionRule rule : matrix.applied()) {
            byKind.computeIfAbsent(rule.strategy(), k -> new ArrayList<>()).add(rule);
        }
        List<DrilledStrategy> drilled = new ArrayList<>();
        byKind.forEach((kind, rules) -> {
            if (kind == StrategyKind.READ_ONLY || kind == StrategyKind.FREEZE) {
                return; // they contain an incident and undo nothing: nothing to time against a budget
            }
            Duration budget = budgetOverride != null ? budgetOverride
                    : rules.stream().map(DecisionRule::timeBudget).min(Comparator.naturalOrder()).orElseThrow();
            List<String> names = rules.stream().map(r -> r.issue().name().toLowerCase(Locale.ROOT) + "/"
                    + r.severity().name().toLowerCase(Locale.ROOT)).toList();
            drilled.add(new DrilledStrategy(kind, budget, names,
                    ON_THE_COPY.contains(kind) ? null : "it acts outside the database (a deploy, a flag), which a copy"
                            + " cannot show",
                    kind == StrategyKind.FULL_ROLLBACK ? FULL_ROLLBACK_OUTSIDE : null));
        });
        return drilled;
    }
}
