package dev.warden.daemon.cluster;

import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.schedule.WardenScheduler;
import dev.warden.daemon.watch.WatchedTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
    private final Map<String, String> deployments = new ConcurrentHashMap<>();

    OwnedTargets(Vertx vertx, WardenScheduler scheduler, Iterable<WatchedTarget> targets, Future<Void> stateReady,
                 WardenMetrics metrics) {
        this.vertx = vertx;
        this.scheduler = scheduler;
        this.targets = java.util.stream.StreamSupport.stream(targets.spliterator(), false)
                .collect(Collectors.toMap(WatchedTarget::name, Function.identity()));
        this.stateReady = stateReady;
        this.metrics = metrics;
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
        target.snapshots().load().onFailure(e -> log.warn("Could not load the snapshots of {}: {}", target.name(),
                e.getMessage()));
        target.checks().schedule(scheduler);
        if (!target.config().snapshots().unscheduled()) {
            scheduler.cron(snapshotJob(target.name()), target.config().snapshots().schedule(),
                    () -> vertx.runOnContext(v -> target.snapshots().scheduled()));
        }
    }

    @Override
    public Future<Void> lose(String name) {
        WatchedTarget target = targets.get(name);
        scheduler.cancel(heartbeatJob(name));
        scheduler.cancel(snapshotJob(name));
        target.checks().unschedule(scheduler);
        String id = deployments.remove(name);
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
