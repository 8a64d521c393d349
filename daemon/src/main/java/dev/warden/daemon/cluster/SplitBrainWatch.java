package dev.warden.daemon.cluster;

import dev.warden.daemon.alert.Alert;
import dev.warden.daemon.alert.AlertEntry;
import dev.warden.daemon.alert.Alerts;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds targets watched by two nodes at once, which Hazelcast cannot see when the nodes are cut off from
 * each other: once per heartbeat interval this node records what it watches in the state database
 * ({@link Watchers}) and reads back which targets two or more nodes watch. A failover leaves a dead
 * node's rows fresh for up to one heartbeat timeout, so only an overlap longer than that is alerted
 * ({@code WardenSplitBrain}, per target, raised by each node that watches it: Alertmanager merges the
 * copies, which carry the same labels), and resolved once a single node watches the target again.
 */
final class SplitBrainWatch extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(SplitBrainWatch.class);

    private final Ownership ownership;
    private final Watchers watchers;
    private final Alerts alerts;
    private final Duration interval;
    private final Duration timeout;
    /** Targets whose alert this node raised: it keeps it firing until the overlap ends. */
    private final Set<String> raised = new HashSet<>();
    private volatile int doubleWatched;
    /** The look under way, if any: the next waits for it, and so does stopping. */
    private Future<Void> looking;
    private boolean failing;
    /** Whether the split-brain alerts loaded from the shared outbox at start were taken over (see {@link #adopt}). */
    private boolean adopted;
    private long timer = -1;

    SplitBrainWatch(Ownership ownership, Watchers watchers, Alerts alerts, Duration interval, Duration timeout) {
        this.ownership = ownership;
        this.watchers = watchers;
        this.alerts = alerts;
        this.interval = interval;
        this.timeout = timeout;
    }

    /** How many targets two or more nodes watch, as the last look found. */
    int doubleWatched() {
        return doubleWatched;
    }

    @Override
    public Future<?> start() {
        timer = vertx.setPeriodic(interval.toMillis(), id -> look());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        // A node that stops watches nothing: the others must not count it for another timeout.
        Future<Void> last = looking == null ? Future.succeededFuture() : looking;
        return last.eventually(() -> watchers.forget(ownership.node())).otherwiseEmpty();
    }

    private void look() {
        // Until the state store opens there is nothing to record into (start-up logs its own wait).
        if (looking != null || !watchers.ready()) {
            return;
        }
        List<String> watching = ownership.targets().stream().filter(ownership::watching).toList();
        Future<Void> look = watchers.record(ownership.node(), watching, timeout)
                .compose(v -> watchers.doubleWatched(timeout))
                .onSuccess(this::judge)
                .onFailure(e -> {
                    if (!failing) {
                        log.warn("Could not record or read which nodes watch which targets (tried again every {} ms): {}",
                                interval.toMillis(), e.getMessage());
                    }
                    failing = true;
                })
                .mapEmpty();
        // Set before the completion handler runs: it runs at once when the store is not open.
        looking = look;
        look.onComplete(done -> looking = null);
    }

    private void judge(List<Watchers.DoubleWatch> found) {
        failing = false;
        doubleWatched = found.size();
        Set<String> twice = found.stream().map(Watchers.DoubleWatch::target).collect(Collectors.toSet());
        if (!adopted) {
            adopted = true;
            adopt(twice);
        }
        List<String> newly = new ArrayList<>();
        for (Watchers.DoubleWatch overlap : found) {
            boolean mine = overlap.nodes().contains(ownership.node()) || raised.contains(overlap.target());
            if (mine && overlap.lasted().compareTo(timeout) > 0) {
                if (raised.add(overlap.target())) {
                    newly.add(overlap.target() + " by " + overlap.nodes() + " since " + overlap.since());
                }
                alerts.fire(Alert.splitBrain(overlap.target(), overlap.nodes(), overlap.since(), timeout));
            }
        }
        if (!newly.isEmpty()) {
            log.warn("Watched by more than one node for longer than the heartbeat timeout ({} ms), the nodes do not see"
                    + " each other: {}", timeout.toMillis(), String.join("; ", newly));
        }
        resolveEnded(twice);
    }

    /**
     * This node loaded every alert of the shared outbox at start and re-sends those it holds: a split-brain
     * alert whose overlap goes on becomes this node's to resolve too, one whose overlap ended is resolved
     * now. Otherwise this node would keep re-sending it firing after the others resolved it.
     */
    private void adopt(Set<String> twice) {
        alerts.current().onSuccess(entries -> context.runOnContext(v -> {
            for (AlertEntry entry : entries) {
                if (entry.firing() && entry.alert().alertname().equals(Alert.SPLIT_BRAIN)) {
                    String target = entry.alert().label("target");
                    if (twice.contains(target)) {
                        raised.add(target);
                    } else {
                        alerts.resolve(entry.key());
                    }
                }
            }
        }));
    }

    private void resolveEnded(Set<String> twice) {
        for (String target : List.copyOf(raised)) {
            if (!twice.contains(target)) {
                raised.remove(target);
                log.info("{} is no longer watched by more than one node", target);
                alerts.resolve(Alert.splitBrain(target, List.of(), Instant.EPOCH, timeout).key());
            }
        }
    }
}
