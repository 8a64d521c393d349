package dev.warden.daemon.alert;

import dev.warden.config.AlertingConfig;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts Warden tracks and the order of their changes. Confined to the alerts' event loop: every
 * change runs after the previous one, is written to the outbox, then handed to the receivers. When the
 * state database cannot take a change, the alert is sent anyway and the write is retried on each tick.
 * Alerts fired unsaved (about the state store itself) never go to the outbox.
 */
final class AlertBook {
    private static final Logger log = LoggerFactory.getLogger(AlertBook.class);

    private final AlertingConfig config;
    private final AlertOutbox outbox;
    private final AlertMetrics metrics;
    private final Clock clock;
    private final Map<String, AlertEntry> entries = new LinkedHashMap<>();
    private final Set<String> unsaved = new HashSet<>();
    /** Keys of the alerts kept out of the outbox. */
    private final Set<String> memoryOnly = new HashSet<>();
    private Receivers receivers;
    private String runbooks = "";
    private Future<?> tail = Future.succeededFuture();

    AlertBook(AlertingConfig config, AlertOutbox outbox, AlertMetrics metrics, Clock clock) {
        this.config = config;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    AlertMetrics metrics() {
        return metrics;
    }

    List<AlertEntry> entries() {
        return List.copyOf(entries.values());
    }

    AlertEntry entry(String key) {
        return entries.get(key);
    }

    /** Where alerts go; they link their runbook below {@code runbookBaseUrl} (empty: no link). */
    void attach(Receivers to, String runbookBaseUrl) {
        this.receivers = to;
        this.runbooks = runbookBaseUrl;
    }

    /** Loads the outbox, after {@link #attach}; only alerts fired unsaved can be tracked before. */
    Future<Void> load() {
        return outbox.load().map(loaded -> {
            loaded.entries().forEach(entry -> entries.put(entry.key(), entry));
            receivers.restore(loaded.pendingByReceiver(), loaded.deliveredByReceiver(), entries::get);
            metrics.firing(entries.values());
            if (!entries.isEmpty()) {
                log.info("Loaded {} alert(s) from the outbox; sending them on", entries.size());
            }
            return null;
        });
    }

    /** @param saved false for an alert kept out of the outbox */
    Future<Void> fire(Alert given, boolean saved) {
        return serially(() -> {
            Alert alert = withRunbook(given);
            if (!saved) {
                memoryOnly.add(alert.key());
            }
            AlertEntry before = entries.get(alert.key());
            Instant now = Alerts.now(clock);
            AlertEntry after = before == null ? AlertEntry.firing(alert, now) : before.fired(alert, now);
            if (after == before) {
                return Future.succeededFuture();
            }
            boolean newlyFiring = before == null || !before.firing();
            if (newlyFiring) {
                log.info("Alert firing: {}", after.key());
            }
            return apply(after, newlyFiring);
        });
    }

    Future<Boolean> resolve(String key) {
        return serially(() -> {
            AlertEntry before = entries.get(key);
            if (before == null || !before.firing()) {
                return Future.succeededFuture(false);
            }
            log.info("Alert resolved: {}", key);
            return apply(before.resolved(Alerts.now(clock)), true).map(true);
        });
    }

    Future<Integer> resolveMatching(String alertname, Map<String, String> labels) {
        List<String> keys = entries.values().stream()
                .filter(e -> e.firing() && e.alert().alertname().equals(alertname)
                        && e.alert().labels().entrySet().containsAll(labels.entrySet()))
                .map(AlertEntry::key).toList();
        Future<Integer> resolved = Future.succeededFuture(0);
        for (String key : keys) {
            resolved = resolved.compose(count -> resolve(key).map(done -> done ? count + 1 : count));
        }
        return resolved;
    }

    /**
     * Each resend interval: keep the outbox up to date, forget resolved alerts older than
     * {@code resolved_resend_for} that every Alertmanager took as resolved, send to everyone.
     */
    void tick() {
        for (String key : List.copyOf(unsaved)) {
            serially(() -> save(entries.get(key)));
        }
        Instant forgetBefore = Alerts.now(clock).minus(config.resolvedResendFor());
        Map<String, Long> expired = new LinkedHashMap<>();
        entries.values().stream()
                .filter(e -> !e.firing() && !e.resolvedAt().orElseThrow().isAfter(forgetBefore) && !unsaved.contains(e.key())
                        && receivers.settled(e))
                .forEach(e -> expired.put(e.key(), e.version()));
        expired.keySet().stream().filter(memoryOnly::contains).toList().forEach(key -> forget(key, expired.remove(key)));
        if (!expired.isEmpty()) {
            serially(() -> outbox.forget(expired).onSuccess(v -> expired.forEach(this::forget))
                    .onFailure(e -> log.warn("Could not forget resolved alerts in the outbox: {}", e.getMessage())));
        }
        receivers.resend();
    }

    /** Starts no more deliveries; completes when the changes under way are written (or failed to be). */
    Future<Void> stop() {
        receivers.close();
        return settled();
    }

    private Future<Void> settled() {
        return tail.transform(ar -> Future.succeededFuture());
    }

    private Future<Void> apply(AlertEntry entry, boolean stateChange) {
        entries.put(entry.key(), entry);
        if (stateChange) {
            receivers.changed(entry);
        }
        metrics.firing(entries.values());
        // Written before it is sent; when the state database is away, sent anyway and written later.
        return save(entry).eventually(() -> {
            receivers.send(entry.key());
            return Future.succeededFuture();
        });
    }

    private Future<Void> save(AlertEntry entry) {
        if (entry == null || memoryOnly.contains(entry.key())) {
            return Future.succeededFuture();
        }
        return outbox.save(entry, receivers.owing(entry.key()), Alerts.now(clock))
                .onSuccess(v -> unsaved.remove(entry.key()))
                .recover(e -> {
                    if (unsaved.add(entry.key())) {
                        log.warn("Could not write alert {} to the outbox ({}); sending it anyway, writing it later",
                                entry.key(), Receiver.describe(e));
                    }
                    return Future.succeededFuture();
                });
    }

    private void forget(String key, long version) {
        AlertEntry entry = entries.get(key);
        if (entry != null && entry.version() == version && !entry.firing()) {
            entries.remove(key);
            memoryOnly.remove(key);
            receivers.forget(key);
            metrics.firing(entries.values());
        }
    }

    private Alert withRunbook(Alert alert) {
        String base = runbooks;
        if (base.isEmpty() || !alert.annotation("runbook_url").isEmpty()) {
            return alert;
        }
        return alert.withAnnotation("runbook_url", (base.endsWith("/") ? base : base + "/") + alert.alertname() + ".md");
    }

    /** Runs the change after every change before it, whatever their outcome. */
    private <T> Future<T> serially(Supplier<Future<T>> change) {
        Future<T> result = tail.transform(ar -> change.get());
        tail = result;
        return result;
    }
}
