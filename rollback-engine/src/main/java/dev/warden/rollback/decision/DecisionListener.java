package dev.warden.rollback.decision;

/** Who hears of decisions and incidents: the daemon's alerts, log and metrics. */
public interface DecisionListener {

    /** The matrix decided; called before the decision is stored, so that a page never waits on the state store. */
    void decided(Decision decision);

    /** The decision is in the state store, and is handed to the rollback engine next. */
    void stored(Decision decision);

    /** What became of the decision: acting, awaiting approval, dry run, frozen, or not acted and why. */
    void settled(Decision decision, DecisionOutcome outcome);

    /** An incident closed: the next breach a rule acts on opens a new one. */
    void incidentClosed(Incident incident);
}
