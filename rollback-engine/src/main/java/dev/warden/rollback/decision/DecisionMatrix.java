package dev.warden.rollback.decision;

import dev.warden.config.DecisionRule;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Issue x severity to a rule. A breach whose exact severity has no row falls to the same issue's
 * row of the highest severity at or below it: a critical schema mismatch is at least as bad as a
 * high one. A breach less severe than every row of its issue has no rule: it is alerted, not acted on.
 */
public final class DecisionMatrix {
    private final List<DecisionRule> rules;

    public DecisionMatrix(List<DecisionRule> rules) {
        this.rules = List.copyOf(rules);
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
