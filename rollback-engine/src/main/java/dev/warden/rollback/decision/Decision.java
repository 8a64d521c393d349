package dev.warden.rollback.decision;

import dev.warden.config.DecisionMode;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.config.StrategyKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the decision matrix concluded for one target, with its full reasoning: the breaches in the
 * streak, the rule that matched, the mode. {@code id} is unique, so that acting on a decision can be
 * made idempotent: one decision, at most one rollback.
 */
public record Decision(String id, String target, String check, IssueType issue, Severity severity,
                       StrategyKind strategy, DecisionMode mode, Duration timeBudget, Instant firstBreachAt,
                       Instant decidedAt, int streak, List<String> reasoning) {

    public Decision {
        reasoning = List.copyOf(reasoning);
    }

    /** When a verified rollback must be done by to meet the matrix's time budget. */
    public Instant deadline() {
        return firstBreachAt.plus(timeBudget);
    }

    /** Whether the engine may change anything for this decision (auto or, once approved, approve). */
    public boolean mayAct() {
        return mode == DecisionMode.AUTO || mode == DecisionMode.APPROVE;
    }
}
