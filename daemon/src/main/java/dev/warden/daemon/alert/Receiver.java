package dev.warden.daemon.alert;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination of alerts, with its own delivery state so that one being down never delays another.
 * At most one delivery is in flight; requests made meanwhile coalesce into one more delivery after it,
 * which sends whatever is current by then. Must be used from the alerts' event loop only.
 */
abstract class Receiver {
    private static final Logger log = LoggerFactory.getLogger(Receiver.class);

    private final String name;
    private Future<Void> inFlight;
    private boolean again;
    private boolean closed;
    private String lastError;

    Receiver(String name) {
        this.name = name;
    }

    /** The receiver in logs, metric labels and the outbox; never carries a credential. */
    final String name() {
        return name;
    }

    /** Delivers what is due now, or right after the delivery in flight. */
    final void request() {
        if (closed) {
            return;
        }
        if (inFlight != null) {
            again = true;
            return;
        }
        Future<Void> delivery = safely()
                .onSuccess(v -> reachable())
                .onFailure(this::unreachable)
                .transform(ar -> Future.succeededFuture());
        if (delivery.isComplete()) {
            return;
        }
        inFlight = delivery;
        // Set before the listener: a delivery that completes at once must not leave inFlight stuck.
        delivery.onComplete(ar -> {
            inFlight = null;
            if (again) {
                again = false;
                request();
            }
        });
    }

    /** No delivery starts after this (the HTTP client is about to close). */
    final void close() {
        closed = true;
    }

    private Future<Void> safely() {
        try {
            return deliver();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** Sends what is due; fails when the receiver did not take it (it is retried on the next tick). */
    abstract Future<Void> deliver();

    private void reachable() {
        if (lastError != null) {
            log.info("Alert receiver {} accepts alerts again", name);
            lastError = null;
        }
    }

    private void unreachable(Throwable failure) {
        if (closed) {
            return;
        }
        String error = describe(failure);
        if (!error.equals(lastError)) {
            log.warn("Alert receiver {} did not take the alerts ({}); retrying on each resend", name, error);
        }
        lastError = error;
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return Alert.scrub(message == null ? failure.getClass().getSimpleName() : message);
    }
}
