package dev.warden.rollback.decision;

import java.util.Objects;

/**
 * What became of a decision, in the words the API, the CLI, the metrics, the alert and the log all
 * use: acting (rollback id), awaiting approval (the id to approve), dry run (plan id), frozen (the
 * freeze's id), or not acted with its reason.
 *
 * @param kind       which of those
 * @param rollbackId the rollback or plan it led to; null when none
 * @param detail     one sentence for a person: the reason it was not acted on, the id to approve, ...
 */
public record DecisionOutcome(Kind kind, String rollbackId, String detail) {

    public enum Kind {
        /** Handed to the rollback engine; nothing settled yet. */
        PENDING,
        ACTING,
        AWAITING_APPROVAL,
        DRY_RUN,
        FROZEN,
        NOT_ACTED;

        /** The label value and the API's word. */
        public String label() {
            return name().toLowerCase();
        }
    }

    public DecisionOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    public static DecisionOutcome pending() {
        return new DecisionOutcome(Kind.PENDING, null, "handed to the rollback engine");
    }

    public static DecisionOutcome acting(String rollbackId) {
        return new DecisionOutcome(Kind.ACTING, rollbackId, "acting: rollback " + rollbackId);
    }

    public static DecisionOutcome awaitingApproval(String rollbackId) {
        return new DecisionOutcome(Kind.AWAITING_APPROVAL, rollbackId, "awaiting approval: POST /api/rollbacks/"
                + rollbackId + "/approve or warden rollback approve " + rollbackId);
    }

    public static DecisionOutcome dryRun(String planId) {
        return new DecisionOutcome(Kind.DRY_RUN, planId, "dry run: plan " + planId + " recorded, nothing changed");
    }

    public static DecisionOutcome frozen(String rollbackId, String why) {
        return new DecisionOutcome(Kind.FROZEN, rollbackId, "frozen: " + why + "; a human decides (rollback "
                + rollbackId + ")");
    }

    public static DecisionOutcome notActed(String reason) {
        return new DecisionOutcome(Kind.NOT_ACTED, null, "not acted: " + reason);
    }

    /** Not acted because it no longer applied when Warden came to it; its rollback {@code rollbackId} never started. */
    public static DecisionOutcome noLongerApplies(String rollbackId, String why) {
        return new DecisionOutcome(Kind.NOT_ACTED, rollbackId, "not acted: " + why + "; rollback " + rollbackId
                + " was never started");
    }

    /** Not acted because the incident already has its rollback. */
    public static DecisionOutcome alreadyAnswered(String incidentId, String rollbackId) {
        return new DecisionOutcome(Kind.NOT_ACTED, rollbackId, "not acted: incident " + incidentId
                + " is already answered by rollback " + rollbackId);
    }
}
