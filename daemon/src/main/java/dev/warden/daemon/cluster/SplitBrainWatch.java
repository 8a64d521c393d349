package dev.warden.daemon.cluster;

import dev.warden.daemon.alert.Alert;
import dev.warden.daemon.alert.Alerts;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * copies, which carry the same labels), and resolved once a single node watches the target again, by
 * whichever node sees that first on two looks in a row: the node that raised it may have stopped (which
 * ended the overlap), and one that read the overlap going on just before may still be firing it.
 */
final class SplitBrainWatch extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(SplitBrainWatch.class);

    private final Ownership ownership;
    private final Watchers watchers;
    private final Alerts alerts;
    private final Duration interval;
    private final Duration timeout;
    /** Targets whose alert this node raised: logged once when raised. */
    private final Set<String> raised = new HashSet<>();
    /** Keys of the alerts the last look found firing over an overlap that had ended. */
    private Set<String> endedBefore = Set.of();
    /** Keys of the alerts this node is resolving: asked once, whatever the looks meanwhile. */
    private final Set<String> resolving = new HashSet<>();
    private volatile int doubleWatched;
    /** The look under way, if any: the next waits for it, and so does stopping. */
    private Future<Void> looking;
    private boolean failing;
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
        // This node's row first, never held up by the alerts. The firing alerts are read before the overlaps,
        // so that an alert is resolved only on a read of the overlaps taken after it was raised; they cannot
        // be read only while the alerts stop.
        Future<Void> look = watchers.record(ownership.node(), watching, timeout)
                .compose(v -> alerts.firing(Alert.SPLIT_BRAIN, Map.of()).otherwise(List.of()))
                .compose(firing -> watchers.doubleWatched(timeout).onSuccess(found -> judge(found, firing)))
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

    private void judge(List<Watchers.DoubleWatch> found, List<String> firing) {
        failing = false;
        doubleWatched = found.size();
        Set<String> twice = found.stream().map(Watchers.DoubleWatch::target).collect(Collectors.toSet());
        List<String> newly = new ArrayList<>();
        for (Watchers.DoubleWatch overlap : found) {
            if (overlap.nodes().contains(ownership.node()) && overlap.lasted().compareTo(timeout) > 0) {
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
        resolveEnded(twice, firing);
    }

    /**
     * Resolves the alerts of overlaps found over on this look and the one before, whichever node raised
     * them (one loaded from the outbox too); says so when this node's resolve is the one that ended it.
     */
    private void resolveEnded(Set<String> twice, List<String> firing) {
        raised.removeIf(target -> !twice.contains(target));
        Set<String> stillTwice = twice.stream().map(Alert::splitBrainKey).collect(Collectors.toSet());
        Set<String> ended = firing.stream().filter(key -> !stillTwice.contains(key)).collect(Collectors.toSet());
        List<String> confirmed = ended.stream().filter(endedBefore::contains).filter(resolving::add).toList();
        endedBefore = ended;
        if (confirmed.isEmpty()) {
            return;
        }
        Map<String, String> targets = ownership.targets().stream()
                .collect(Collectors.toMap(Alert::splitBrainKey, target -> target));
        for (String key : confirmed) {
            alerts.resolve(key)
                    .onSuccess(changed -> {
                        if (changed) {
                            log.info("{} is no longer watched by more than one node", targets.getOrDefault(key, key));
                        }
                    })
                    .onComplete(done -> context.runOnContext(v -> resolving.remove(key)));
        }
    }
}
