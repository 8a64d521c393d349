package dev.warden.daemon.cluster;

import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.schedule.WardenScheduler;
import dev.warden.daemon.watch.WatchedTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What gaining and losing a target does on a cluster node: the same verticle, heartbeat, checks and
 * snapshot schedule a lone Warden runs for every target, started for a gained target and stopped for a
 * lost one (Quartz jobs deleted, the verticle undeployed, which closes the target's pool).
 * Checks and snapshots need the state store: a target gained before it opens gets them once it does.
 */
final class OwnedTargets implements Ownership.Handover {
    private static final Logger log = LoggerFactory.getLogger(OwnedTargets.class);

    private final Vertx vertx;
    private final WardenScheduler scheduler;
    private final Map<String, WatchedTarget> targets;
    private final Future<Void> stateReady;
    private final WardenMetrics metrics;
    private final Function<String, Future<Boolean>> resumeRollbacks;
    private final Duration retry;
    private final Map<String, String> deployments = new ConcurrentHashMap<>();
    /**
     * Snapshot loads, one after the other: a node alone gains every target at once, and as many loads
     * side by side would overflow the state store pool's wait queue.
     */
    private Future<Void> loads = Future.succeededFuture();

    /**
     * @param resumeRollbacks resumes a gained target's rollback a dead node left running, then carries out the
     *                        decisions about it that node did not see through; false while another Warden
     *                        still holds its fence, and then asked again every {@code retry}
     */
    OwnedTargets(Vertx vertx, WardenScheduler scheduler, Iterable<WatchedTarget> targets, Future<Void> stateReady,
                 WardenMetrics metrics, Function<String, Future<Boolean>> resumeRollbacks, Duration retry) {
        this.vertx = vertx;
        this.scheduler = scheduler;
        this.targets = java.util.stream.StreamSupport.stream(targets.spliterator(), false)
                .collect(Collectors.toMap(WatchedTarget::name, Function.identity()));
        this.stateReady = stateReady;
        this.metrics = metrics;
        this.resumeRollbacks = resumeRollbacks;
        this.retry = retry;
    }

    @Override
    public Future<Void> gain(String name) {
        WatchedTarget target = targets.get(name);
        return vertx.deployVerticle(target.monitor()).map(id -> {
            deployments.put(name, id);
            scheduler.every(heartbeatJob(name), target.config().heartbeatInterval(), target.monitor()::requestHeartbeat);
            stateReady.onSuccess(v -> scheduleStateful(target, id));
            return null;
        });
    }

    /** The checks and the snapshot schedule, unless the target was lost (or lost and gained) meanwhile. */
    private void scheduleStateful(WatchedTarget target, String deployment) {
        if (!deployment.equals(deployments.get(target.name()))) {
            return;
        }
        Future<Void> loaded;
        synchronized (this) {
            loads = loads.eventually(() -> target.snapshots().load().onFailure(e -> log.warn(
                    "Could not load the snapshots of {}: {}", target.name(), e.getMessage())));
            loaded = loads;
        }
        // The checks, and the rollback a dead owner left running (resumed by this node, issue 16), once the
        // baseline is back: a check run without it could not tell, and would page so.
        loaded.onComplete(v -> {
            resumeWhileOwned(target.name(), deployment);
            scheduleChecks(target, deployment);
        });
        if (!target.config().snapshots().unscheduled()) {
            scheduler.cron(snapshotJob(target.name()), target.config().snapshots().schedule(),
                    () -> vertx.runOnContext(v -> target.snapshots().scheduled()));
        }
    }

    /** Locked with {@link #lose}: a target lost meanwhile gets no checks, one lost after has them taken off. */
    private synchronized void scheduleChecks(WatchedTarget target, String deployment) {
        if (deployment.equals(deployments.get(target.name()))) {
            target.checks().schedule(scheduler);
        }
    }

    private void resumeWhileOwned(String name, String deployment) {
        if (!deployment.equals(deployments.get(name))) {
            return;
        }
        resumeRollbacks.apply(name).onComplete(done -> {
            if (done.failed() || !done.result()) {
                if (done.failed()) {
                    log.warn("Could not resume the unfinished rollbacks or decisions of {}: {}", name, done.cause().getMessage());
                }
                vertx.setTimer(retry.toMillis(), id -> resumeWhileOwned(name, deployment));
            }
        });
    }

    @Override
    public Future<Void> lose(String name) {
        WatchedTarget target = targets.get(name);
        scheduler.cancel(heartbeatJob(name));
        scheduler.cancel(snapshotJob(name));
        String id;
        synchronized (this) {
            id = deployments.remove(name);
            target.checks().unschedule(scheduler);
        }
        Future<Void> undeployed = id == null ? Future.succeededFuture() : vertx.undeploy(id);
        return undeployed.onComplete(done -> metrics.targetNotWatched(name));
    }

    private static String heartbeatJob(String target) {
        return "heartbeat-" + target;
    }

    private static String snapshotJob(String target) {
        return "snapshot-" + target;
    }
}
