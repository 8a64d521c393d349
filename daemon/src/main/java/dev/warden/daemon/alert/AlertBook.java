package dev.warden.daemon.alert;

import dev.warden.config.AlertingConfig;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts Warden tracks and the order of their changes. Confined to the alerts' event loop: every
 * change runs after the previous one, is written to the outbox, then handed to the receivers. When the
 * state database cannot take a change, the alert is sent anyway and the write is retried on each tick.
 * Alerts fired unsaved (about the state store itself) never go to the outbox.
 *
 * <p>On a cluster node ({@code claims} given) the book holds only the alerts this node sends: a change
 * is made to the outbox's row first ({@link AlertClaims#change}) and kept here when this node holds the
 * alert's claim; each tick renews the claims and brings the book in line with them.
 */
final class AlertBook {
    private static final Logger log = LoggerFactory.getLogger(AlertBook.class);

    private final AlertingConfig config;
    private final AlertOutbox outbox;
    private final AlertMetrics metrics;
    private final Clock clock;
    /** Null for a lone Warden, which sends every alert it tracks. */
    private final AlertClaims claims;
    private final Map<String, AlertEntry> entries = new LinkedHashMap<>();
    private final Set<String> unsaved = new HashSet<>();
    /** Keys of the alerts kept out of the outbox. */
    private final Set<String> memoryOnly = new HashSet<>();
    private Receivers receivers;
    private String runbooks = "";
    private Future<?> tail = Future.succeededFuture();
    private boolean loaded;
    /** A cluster node that stopped changes nothing more: a change would claim an alert it gave up, and never send it. */
    private boolean stopped;
    private boolean claimsFailing;

    AlertBook(AlertingConfig config, AlertOutbox outbox, AlertMetrics metrics, Clock clock, AlertClaims claims) {
        this.config = config;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
        this.claims = claims;
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

    /** The alerts this node may send now: all of them, but on a cluster node only those it holds the claim of. */
    List<AlertEntry> sendable() {
        return claims == null ? entries() : entries.values().stream().filter(entry -> sends(entry.key())).toList();
    }

    /** Whether this node may start a delivery of the alert now. */
    boolean sends(String key) {
        return claims == null || memoryOnly.contains(key) || unsaved.contains(key) || claims.holds(key);
    }

    /** Where alerts go; they link their runbook below {@code runbookBaseUrl} (empty: no link). */
    void attach(Receivers to, String runbookBaseUrl) {
        this.receivers = to;
        this.runbooks = runbookBaseUrl;
    }

    /**
     * Loads the outbox, after {@link #attach}; only alerts fired unsaved can be tracked before. A cluster
     * node loads the alerts it claims.
     */
    Future<Void> load() {
        if (claims != null) {
            return serially(this::reclaim).onSuccess(v -> loaded = true);
        }
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
            Instant now = Alerts.now(clock);
            return change(alert.key(), before -> before == null ? AlertEntry.firing(alert, now) : before.fired(alert, now));
        }).mapEmpty();
    }

    Future<Boolean> resolve(String key) {
        return serially(() -> {
            Instant now = Alerts.now(clock);
            return change(key, before -> before == null || !before.firing() ? before : before.resolved(now));
        });
    }

    /** Applies {@code change} to the alert's state (null: none); false when it changed nothing. */
    private Future<Boolean> change(String key, UnaryOperator<AlertEntry> change) {
        if (claims == null || memoryOnly.contains(key)) {
            return changeHere(key, change);
        }
        if (stopped) {
            log.debug("Alert {} not changed: this node has stopped (the target's new owner changes it)", key);
            return Future.succeededFuture(false);
        }
        return claims.change(key, change, receivers.webhooks()).compose(changed -> {
            if (!changed.changed()) {
                return Future.succeededFuture(false);
            }
            logged(changed.before(), changed.after(), changed.sender());
            if (claims.node().equals(changed.sender())) {
                entries.put(key, changed.after());
                if (stateChange(changed.before(), changed.after())) {
                    receivers.changed(changed.after());
                }
                metrics.firing(entries.values());
                metrics.held(claims.held());
                receivers.send(key);
            } else {
                drop(key);
            }
            return Future.succeededFuture(true);
        }, failure -> {
            log.debug("Could not change alert {} in the shared outbox: {}", key, Receiver.describe(failure));
            return changeHere(key, change);
        });
    }

    /** The change as this node's memory sees it: a lone Warden, an alert kept out of the outbox, the state database away. */
    private Future<Boolean> changeHere(String key, UnaryOperator<AlertEntry> change) {
        AlertEntry before = entries.get(key);
        AlertEntry after = change.apply(before);
        if (after == null || after == before) {
            return Future.succeededFuture(false);
        }
        logged(before, after, null);
        return apply(after, stateChange(before, after)).map(true);
    }

    private static boolean stateChange(AlertEntry before, AlertEntry after) {
        return before == null || before.status() != after.status();
    }

    /** Firing and resolved, in the log; on a cluster node, with who sends it when that is another node. */
    private void logged(AlertEntry before, AlertEntry after, String sender) {
        if (stateChange(before, after)) {
            String by = sender == null || sender.equals(claims.node()) ? "" : " (sent by node " + sender + ", which holds it)";
            log.info("Alert {}: {}{}", after.firing() ? "firing" : "resolved", after.key(), by);
        }
    }

    /**
     * The keys of the firing alerts of that name whose labels include {@code labels}: on a cluster node,
     * every node's as the shared outbox has them (this node's memory can be a renewal behind it), or this
     * node's when the state database cannot be read.
     */
    Future<List<String>> firing(String alertname, Map<String, String> labels) {
        List<String> here = firingHere(alertname, labels);
        return claims == null ? Future.succeededFuture(here) : claims.firing(alertname, labels).otherwise(here);
    }

    private List<String> firingHere(String alertname, Map<String, String> labels) {
        return entries.values().stream()
                .filter(e -> e.firing() && e.alert().alertname().equals(alertname)
                        && e.alert().labels().entrySet().containsAll(labels.entrySet()))
                .map(AlertEntry::key).toList();
    }

    /** On a cluster node, among every node's alerts (the one raised by a dead node too) and this node's. */
    Future<Integer> resolveMatching(String alertname, Map<String, String> labels) {
        List<String> here = firingHere(alertname, labels);
        return firing(alertname, labels).compose(shared -> {
            Future<Integer> resolved = Future.succeededFuture(0);
            for (String key : Stream.concat(here.stream(), shared.stream()).distinct().toList()) {
                resolved = resolved.compose(count -> resolve(key).map(done -> done ? count + 1 : count));
            }
            return resolved;
        });
    }

    /**
     * Each resend interval: keep the outbox up to date, forget resolved alerts older than
     * {@code resolved_resend_for} that every Alertmanager took as resolved, send to everyone.
     */
    void tick() {
        if (claims != null && loaded) {
            serially(this::reclaim)
                    .onSuccess(v -> {
                        if (claimsFailing) {
                            claimsFailing = false;
                            log.info("Renewed this node's alert claims again ({} held)", claims.held());
                        }
                    })
                    .onFailure(e -> {
                        if (!claimsFailing) {
                            claimsFailing = true;
                            log.warn("Could not renew this node's alert claims ({}); it stops sending its alerts when"
                                    + " they lapse, another node takes them over", Receiver.describe(e));
                        }
                    })
                    .onComplete(claimed -> housekeep());
        } else {
            housekeep();
        }
    }

    private void housekeep() {
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

    /**
     * Cluster: renews this node's claims, takes those nobody holds, and brings the book in line: alerts
     * taken over or changed by another node are loaded with what their receivers are owed, alerts another
     * node holds now are dropped. Alerts kept in memory (unsaved, or out of the outbox) stay as they are.
     */
    private Future<Void> reclaim() {
        if (stopped) {
            return Future.succeededFuture();
        }
        return claims.claim().compose(claimed -> {
            Set<String> holding = new HashSet<>();
            List<String> loaded = new ArrayList<>();
            Map<String, List<String>> takenOver = new TreeMap<>();
            for (AlertClaims.Claimed claim : claimed) {
                String key = claim.entry().key();
                holding.add(key);
                if (memoryOnly.contains(key) || unsaved.contains(key)) {
                    continue;
                }
                AlertEntry known = entries.get(key);
                if (known == null || known.version() != claim.entry().version()) {
                    entries.put(key, claim.entry());
                    loaded.add(key);
                }
                if (claim.previous() != null && !claim.previous().equals(claims.node())) {
                    takenOver.computeIfAbsent(claim.previous(), node -> new ArrayList<>()).add(key);
                }
            }
            takenOver.forEach((node, keys) -> log.info("Sending {} alert(s) node {} stopped sending (its claim expired): {}",
                    keys.size(), node, keys));
            entries.keySet().stream().filter(key -> !holding.contains(key) && !memoryOnly.contains(key)
                    && !unsaved.contains(key)).toList().forEach(key -> {
                        log.info("Alert {} is sent by another node now", key);
                        drop(key);
                    });
            metrics.firing(entries.values());
            metrics.held(claims.held());
            if (loaded.isEmpty()) {
                return Future.succeededFuture();
            }
            return outbox.deliveries(loaded).map(owed -> {
                receivers.restore(owed.pendingByReceiver(), owed.deliveredByReceiver(), entries::get);
                return null;
            });
        });
    }

    /** This node no longer sends the alert: another node holds it. */
    private void drop(String key) {
        if (entries.remove(key) != null) {
            receivers.forget(key);
            metrics.firing(entries.values());
        }
        claims.release(key);
        metrics.held(claims.held());
    }

    /**
     * Starts no more deliveries; completes when the changes under way are written (or failed to be) and, on
     * a cluster node, its claims are given up (when the state database can be reached: else they expire).
     */
    Future<Void> stop() {
        receivers.close();
        if (claims == null) {
            return settled();
        }
        // After the changes already asked for; any asked for later is refused, so none claims again.
        return serially(() -> {
                    stopped = true;
                    return claims.releaseAll();
                })
                .recover(e -> {
                    log.warn("Could not give this node's alert claims up ({}); they pass to another node when they expire",
                            Receiver.describe(e));
                    return Future.succeededFuture();
                });
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
