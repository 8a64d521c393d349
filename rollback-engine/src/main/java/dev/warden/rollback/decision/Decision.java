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
 * made idempotent: one decision, at most one rollback. {@code incidentId} names the incident it
 * answers (null until the decider has opened or joined one): one incident, at most one rollback.
 */
public record Decision(String id, String target, String check, IssueType issue, Severity severity,
                       StrategyKind strategy, DecisionMode mode, Duration timeBudget, Instant firstBreachAt,
                       Instant decidedAt, int streak, List<String> reasoning, String incidentId) {

    public Decision {
        reasoning = List.copyOf(reasoning);
    }

    /** A decision that answers no incident yet. */
    public Decision(String id, String target, String check, IssueType issue, Severity severity,
                    StrategyKind strategy, DecisionMode mode, Duration timeBudget, Instant firstBreachAt,
                    Instant decidedAt, int streak, List<String> reasoning) {
        this(id, target, check, issue, severity, strategy, mode, timeBudget, firstBreachAt, decidedAt, streak,
                reasoning, null);
    }

    /** The same decision, answering {@code incident}. */
    public Decision inIncident(String incident) {
        return new Decision(id, target, check, issue, severity, strategy, mode, timeBudget, firstBreachAt, decidedAt,
                streak, reasoning, incident);
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
