package dev.warden.rollback.decision;

/** Who hears of a decision: the daemon's alerts, log and metrics. */
public interface DecisionListener {

    /** The matrix decided; called before the decision is stored, so that a page never waits on the state store. */
    void decided(Decision decision);

    /** The decision is in the state store, and is handed to the rollback engine next. */
    void stored(Decision decision);
}
