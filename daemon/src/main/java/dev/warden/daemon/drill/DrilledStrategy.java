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
 */
record DrilledStrategy(StrategyKind kind, Duration budget, List<String> rules, String notDrilled) {
    /** Strategies a copy can show: they act on the database alone. */
    private static final List<StrategyKind> ON_THE_COPY = List.of(StrategyKind.BRANCH_SWAP);

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
            drilled.add(new DrilledStrategy(kind, budget, names, ON_THE_COPY.contains(kind) ? null
                    : reason(kind, byKind.containsKey(StrategyKind.BRANCH_SWAP))));
        });
        return drilled;
    }

    private static String reason(StrategyKind kind, boolean branchSwapDrilled) {
        return switch (kind) {
            case CODE_REVERT, FEATURE_FLAG -> "it acts outside the database (a deploy, a flag), which a copy cannot show";
            case FULL_ROLLBACK -> "its code revert acts outside the database" + (branchSwapDrilled
                    ? "; the branch_swap it contains is drilled as branch_swap" : "");
            default -> "this Warden's drill does not run " + kind.name().toLowerCase(Locale.ROOT) + " yet";
        };
    }
}
