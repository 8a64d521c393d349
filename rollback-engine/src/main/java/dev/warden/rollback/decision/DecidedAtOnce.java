package dev.warden.rollback.decision;

/**
 * A decision made at once on one breach ({@link Decider#decideAtOnce}) and what became of it once the
 * rollback it started, if any, has ended. {@code decision} is null when no rule answered the breach.
 */
public record DecidedAtOnce(Decision decision, DecisionOutcome outcome) {

    public static DecidedAtOnce noRule(String why) {
        return new DecidedAtOnce(null, DecisionOutcome.notActed(why));
    }
}
