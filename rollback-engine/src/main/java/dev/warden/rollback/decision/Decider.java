package dev.warden.rollback.decision;

import dev.warden.checks.CheckResult;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decide stage in one place: check results feed the engine's streaks and matrix; a decision is
 * announced, stored first (so it is never lost, never made twice), then handed to the rollback port.
 */
public final class Decider {
    private static final Logger log = LoggerFactory.getLogger(Decider.class);
    /** How many earlier decisions a start-up reads back, so that their cooldowns survive a restart. */
    private static final int REMEMBERED = 1000;

    private final DecisionEngine engine;
    private final DecisionStore store;
    private final RollbackPort rollbacks;
    private final DecisionListener listener;

    public Decider(DecisionEngine engine, DecisionStore store, RollbackPort rollbacks, DecisionListener listener) {
        this.engine = engine;
        this.store = store;
        this.rollbacks = rollbacks;
        this.listener = listener;
    }

    /** Loads earlier decisions so that their cooldowns survive a restart. */
    public Future<Void> load() {
        return store.recent(REMEMBERED).onSuccess(earlier -> earlier.forEach(engine::remember)).mapEmpty();
    }

    /** One result of one check on one target. */
    public void observe(String target, CheckResult result) {
        engine.observe(target, result).ifPresent(this::decided);
    }

    private void decided(Decision decision) {
        listener.decided(decision);
        store.insert(decision)
                .onSuccess(v -> listener.stored(decision))
                .compose(v -> rollbacks.submit(decision))
                .onFailure(e -> log.error("Decision {} for {} could not be stored or handed over: {}", decision.id(),
                        decision.target(), e.getMessage()));
    }
}
