package dev.warden.daemon.watch;

import dev.warden.daemon.alert.Alert;
import dev.warden.daemon.alert.Alerts;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.state.StateStore;
import dev.warden.postgres.Failures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Warden's own state database answers, as {@code warden_state_store_up} and the
 * {@code WardenStateStoreDown} alert: from a probe every few seconds and from whatever else asked it
 * ({@link #observed}, such as {@code /health/ready}). While start-up is still opening the store, its last
 * failed attempt counts as down. The alert is fired unsaved: the outbox lives in the very database that
 * is away, so the alert must not wait for it.
 */
public final class StateStoreWatch extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(StateStoreWatch.class);
    /** Often enough to alert within seconds, rarely enough to cost nothing (one SELECT 1). */
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    private final StateStore state;
    private final WardenMetrics metrics;
    private final Alerts alerts;
    private final Clock clock;
    private final Duration interval;
    /** The last word: true up, false down, null not known yet. */
    private final AtomicReference<Boolean> up = new AtomicReference<>();
    private long timer = -1;

    public StateStoreWatch(StateStore state, WardenMetrics metrics, Alerts alerts, Clock clock, Duration interval) {
        this.state = state;
        this.metrics = metrics;
        this.alerts = alerts;
        this.clock = clock;
        this.interval = interval;
    }

    @Override
    public Future<?> start() {
        metrics.stateStoreUp(false);
        // Opening is an answer: shown up at once, not at the next probe.
        state.ready().onSuccess(v -> observed(true, null));
        timer = vertx.setPeriodic(interval.toMillis(), id -> probe());
        probe();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    private void probe() {
        if (!state.isOpen()) {
            // Start-up's retries are the probe meanwhile; before their first failure nothing is known.
            state.waiting().ifPresent(waiting -> observed(false, waiting.describe(clock.instant())));
            return;
        }
        state.ping().onComplete(ping -> observed(ping.succeeded(), ping.succeeded() ? null
                : "state store at " + state.address() + ": " + Failures.describe(ping.cause(), "the state store")));
    }

    /** What a probe of the state store found; {@code error} says where and why it did not answer. */
    public void observed(boolean answered, String error) {
        metrics.stateStoreUp(answered);
        Boolean before = up.getAndSet(answered);
        if (before != null && before == answered) {
            return;
        }
        if (answered) {
            if (before != null) {
                log.info("The state store at {} answers again", state.address());
            }
            alerts.resolveUnsaved(Alert.stateStoreDown("").key());
        } else {
            if (state.isOpen()) {
                // At start-up the retries log every attempt themselves.
                log.warn("The state store does not answer: {}", error);
            }
            alerts.fireUnsaved(Alert.stateStoreDown(error));
        }
    }
}
