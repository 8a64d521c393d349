package dev.warden.rollback.decision;

import dev.warden.config.DecisionRule;
import dev.warden.config.EffectiveMatrix;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issue x severity to a rule. A breach whose exact severity has no row falls to the same issue's
 * row of the highest severity at or below it: a critical schema mismatch is at least as bad as a
 * high one. A breach less severe than every row of its issue has no rule: it is alerted, not acted on.
 */
public final class DecisionMatrix {
    private final List<DecisionRule> rules;
    /** Why a rule's fallback answers instead of its strategy, by the rule as it acts. */
    private final Map<DecisionRule, String> fallbacks;

    public DecisionMatrix(List<DecisionRule> rules) {
        this(rules, Map.of());
    }

    private DecisionMatrix(List<DecisionRule> rules, Map<DecisionRule, String> fallbacks) {
        this.rules = List.copyOf(rules);
        this.fallbacks = Map.copyOf(fallbacks);
    }

    /** One target's matrix: each rule as that target carries it out. */
    public static DecisionMatrix of(EffectiveMatrix effective) {
        Map<DecisionRule, String> fallbacks = new HashMap<>();
        effective.rows().stream().filter(EffectiveMatrix.Row::fallbackUsed).forEach(row -> fallbacks.put(row.applied(),
                "fallback: " + row.rule().strategy().name().toLowerCase() + " cannot run on " + effective.target()
                        + " (" + row.why() + ")"));
        return new DecisionMatrix(effective.applied(), fallbacks);
    }

    /** For a rule answered by its fallback on this target, a line saying so and why. */
    public Optional<String> fallbackNote(DecisionRule rule) {
        return Optional.ofNullable(fallbacks.get(rule));
    }

    public Optional<DecisionRule> ruleFor(IssueType issue, Severity severity) {
        return rules.stream()
                .filter(rule -> rule.issue() == issue && rule.severity().compareTo(severity) <= 0)
                .max(Comparator.comparing(DecisionRule::severity));
    }

    public List<DecisionRule> rules() {
        return rules;
    }
}
