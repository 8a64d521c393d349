package dev.warden.daemon;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.activity.ServerActivities;
import dev.warden.checks.builtin.Repetition;
import dev.warden.config.EffectiveMatrix;
import dev.warden.config.WardenConfig;
import dev.warden.daemon.alert.Alerts;
import dev.warden.daemon.check.AfterRollbacks;
import dev.warden.daemon.check.CheckMetrics;
import dev.warden.daemon.check.Judge;
import dev.warden.daemon.check.TargetChecks;
import dev.warden.daemon.cluster.ClusterNode;
import dev.warden.daemon.cluster.ClusterView;
import dev.warden.daemon.cluster.OwnedPool;
import dev.warden.daemon.http.Health;
import dev.warden.daemon.http.HttpApi;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.drill.Drills;
import dev.warden.daemon.housekeeping.Housekeeping;
import dev.warden.daemon.migrate.Migrations;
import dev.warden.daemon.retry.Backoff;
import dev.warden.daemon.retry.Retry;
import dev.warden.daemon.rollback.RollbackMetrics;
import dev.warden.daemon.rollback.Rollbacks;
import dev.warden.daemon.schedule.WardenScheduler;
import dev.warden.daemon.snapshot.SnapshotMetrics;
import dev.warden.daemon.snapshot.SnapshotService;
import dev.warden.daemon.snapshot.SnapshotStore;
import dev.warden.daemon.snapshot.SnapshotTaint;
import dev.warden.daemon.state.StateStore;
import dev.warden.daemon.watch.StateStoreWatch;
import dev.warden.daemon.watch.TargetVerticle;
import dev.warden.daemon.watch.WatchedTarget;
import dev.warden.postgres.Connections;
import dev.warden.postgres.ServerConnections;
import dev.warden.postgres.Failures;
import dev.warden.rollback.decision.Decider;
import dev.warden.rollback.decision.DecisionEngine;
import dev.warden.rollback.decision.DecisionMatrix;
import dev.warden.rollback.decision.DecisionStore;
import dev.warden.rollback.decision.IncidentStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: Vert.x with one verticle per target and the HTTP API, Quartz firing the
 * heartbeats, the state store. {@link #launch} returns once the HTTP server listens and the targets are
 * watched, and what needs the state store follows whenever it opens ({@link #started}); {@link #start}
 * also waits for that. {@link #stop} undoes it within the configured shutdown timeout.
 */
public final class Warden {
    private static final Logger log = LoggerFactory.getLogger(Warden.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final WardenConfig config;
    private final Vertx vertx;
    private final StateStore state;
    private final WardenScheduler scheduler;
    private final HttpApi http;
    private final List<String> deployments;
    private final Collection<TargetChecks> checks;
    private final Future<Void> started;

    private Warden(WardenConfig config, Vertx vertx, StateStore state, WardenScheduler scheduler, HttpApi http,
                   List<String> deployments, Collection<TargetChecks> checks, Future<Void> started) {
        this.config = config;
        this.vertx = vertx;
        this.state = state;
        this.scheduler = scheduler;
        this.http = http;
        this.deployments = deployments;
        this.checks = checks;
        this.started = started;
    }

    /** {@link #launch}, then waits until the state store is open and everything that needs it started. */
    public static Warden start(WardenConfig config, Clock clock) {
        Warden warden = launch(config, clock);
        try {
            await(warden.started(), START_TIMEOUT, "opening the state store");
        } catch (RuntimeException e) {
            warden.stop();
            throw e;
        }
        return warden;
    }

    /**
     * Returns once the HTTP server listens and the targets are watched. The state store opens in the
     * background, retried for as long as it takes (issue 12: a state server away at start-up must not stop
     * Warden); /health/live answers meanwhile, /health/ready says what is awaited, and the decisions'
     * memory, unfinished rollbacks, snapshots and scheduled checks start when it opens.
     */
    public static Warden launch(WardenConfig config, Clock clock) {
        // Cluster (issue 16): null for a lone Warden, which then runs exactly as before.
        ClusterNode node = config.cluster().enabled() ? await(ClusterNode.join(config.cluster()), START_TIMEOUT,
                "joining the cluster as " + config.cluster().nodeName()) : null;
        Vertx vertx = node != null ? node.vertx() : Vertx.vertx();
        NativeHeapTrim.schedule(vertx);
        HeapGiveBack.schedule(vertx);
        WardenScheduler scheduler = null;
        try {
            // The state store, the targets and the HTTP server come up side by side; the store's
            // operations wait for its schema, so nothing reads or writes it too early.
            StateStore state = StateStore.openRetrying(vertx, config.stateConnection(), config.state().createDatabase(),
                    clock);
            WardenMetrics metrics = new WardenMetrics(Version.current()).withRuntimeMetrics();
            SnapshotMetrics snapshotMetrics = new SnapshotMetrics(metrics, clock);
            SnapshotStore snapshots = new SnapshotStore(state);
            DecisionStore decisions = new DecisionStore(state.pool(), state.ready());
            IncidentStore incidents = new IncidentStore(state.pool(), state.ready());
            // Alerts link the runbooks this HTTP server serves; they start once it listens (its port may be 0).
            AtomicReference<HttpApi> server = new AtomicReference<>();
            String advertised = advertisedHost(config.server().host());
            Supplier<String> baseUrl = () -> "http://" + advertised + ":" + server.get().port();
            // A cluster node sends only the alerts it holds the claim of in the shared outbox (issue 16).
            Alerts alerts = new Alerts(config.alerting(), state, metrics, clock, baseUrl,
                    node != null ? Optional.of(config.cluster().nodeName()) : Optional.empty());
            // Rollbacks re-run the targets' checks to verify themselves, and the checks' judge hands
            // decisions to the rollbacks: the checks are looked up once both exist.
            Map<String, TargetChecks> checksByTarget = new ConcurrentHashMap<>();
            RollbackMetrics rollbackMetrics = new RollbackMetrics(metrics);
            CheckMetrics checkMetrics = new CheckMetrics(metrics, clock);
            Rollbacks rollbacks = new Rollbacks(vertx, config, state, snapshots, decisions,
                    name -> Optional.ofNullable(checksByTarget.get(name)), rollbackMetrics, alerts, clock);
            AfterRollbacks afterRollbacks = new AfterRollbacks();
            Judge judge = new Judge(checkMetrics, alerts, afterRollbacks);
            Map<String, EffectiveMatrix> matrices = effectiveMatrices(config);
            Map<String, DecisionMatrix> decisionMatrices = new LinkedHashMap<>();
            matrices.forEach((name, matrix) -> decisionMatrices.put(name, DecisionMatrix.of(matrix)));
            DecisionMatrix none = new DecisionMatrix(List.of());
            Decider decider = new Decider(new DecisionEngine(name -> decisionMatrices.getOrDefault(name, none), clock),
                    decisions, incidents, rollbacks.port(), judge, config.incidents().closeAfterPasses(), clock,
                    (target, check) -> Optional.ofNullable(checksByTarget.get(target))
                            .map(checks -> checks.recheck(check).map(result -> result.status() != CheckStatus.OK))
                            .orElse(Future.succeededFuture(true)));
            judge.decideWith(decider);
            rollbacks.onVerified(decider::rollbackVerified);
            // lock_waits and migration_duration share one reading of each server's activity per cycle.
            ServerActivities activities = ServerActivities.of(config.targets());
            activities.groups().forEach(group -> log.info("Targets {} share one reading of {}'s activity as role {} "
                    + "(reused for {} ms)", group.targets(), group.server().server(), group.server().role(),
                    group.freshness().toMillis()));
            // Connections per server are bounded: when a server's targets could open more, they take turns.
            Map<String, ServerConnections> servers = ServerConnections.byTarget(vertx, config.targets());
            metrics.servers(servers.values().stream().distinct().toList());
            List<WatchedTarget> targets = config.targets().stream().map(target -> {
                ServerConnections onServer = servers.get(target.name());
                Supplier<Pool> opener = () -> Connections.pool(vertx, target.name(), target.connection(), target.session(),
                        onServer);
                // Cluster: the pool opens when this node gains the target and closes when it loses it.
                Pool pool = onServer.register(node != null ? new OwnedPool(opener) : opener.get());
                // A snapshot taken during an incident, while a check breaches, is marked and is no baseline.
                SnapshotTaint taint = SnapshotTaint.of(target.name(), incidents, () -> Optional
                        .ofNullable(checksByTarget.get(target.name())).map(checks -> checks.latest().values())
                        .orElse(List.of()));
                SnapshotService snapshotService = new SnapshotService(vertx, target, pool, snapshots, snapshotMetrics, clock,
                        taint);
                return new WatchedTarget(target, new TargetVerticle(target, pool, metrics, state, alerts, clock), snapshotService,
                        new TargetChecks(vertx, target, pool, state, snapshotService, judge, metrics, clock,
                                Repetition.CYCLES, activities.forTarget(target)), onServer);
            }).toList();
            // A lone Warden watches every target from the start; a cluster node those it gains (ClusterNode.own).
            List<WatchedTarget> watchedFromStart = node == null ? targets : List.of();
            targets.forEach(target -> {
                checksByTarget.put(target.name(), target.checks());
                checkMetrics.watch(target.name(), target.checks().names(), matrices.get(target.name()).applied());
                rollbackMetrics.watch(target.name());
            });
            // After a rollback or a lift, the target is looked at again: /health/ready and the read-only metric catch up.
            rollbacks.onEnded(name -> targets.stream().filter(t -> t.name().equals(name))
                    .forEach(t -> t.monitor().requestHeartbeat()));
            rollbacks.onEnded(afterRollbacks::rollbackEnded);
            // While warden migrate owns a target, its verdict decides, not the scheduled results.
            Migrations migrations = new Migrations(vertx, targets, incidents, decider, rollbacks, state, metrics, alerts,
                    baseUrl, clock);
            judge.holdDecisionsWhile(migrations::owns);
            Drills drills = new Drills(vertx, config.targets(), matrices, state, metrics, clock, servers);
            StateStoreWatch stateWatch = new StateStoreWatch(state, metrics, alerts, clock, StateStoreWatch.INTERVAL);
            Health health = new Health(state, targets, stateWatch, clock);
            HttpApi http = new HttpApi(config.server(), metrics, health, targets, matrices, decisions, rollbacks,
                    migrations, state, incidents, clock).withDrills(drills)
                    .withHousekeeping(new Housekeeping(vertx, config.targets(), rollbacks, incidents, drills, clock));
            server.set(http);
            // The HTTP server goes first on the way down: stop answering before the pools close.
            List<Future<String>> deploying = new ArrayList<>();
            Future<String> httpDeployed = vertx.deployVerticle(http);
            deploying.add(httpDeployed);
            deploying.add(vertx.deployVerticle(stateWatch));
            watchedFromStart.forEach(target -> deploying.add(vertx.deployVerticle(target.monitor())));
            // After the targets: undeployed after them, so their last alerts are in the outbox.
            deploying.add(httpDeployed.compose(id -> vertx.deployVerticle(alerts)));
            scheduler = new WardenScheduler();
            for (WatchedTarget target : watchedFromStart) {
                scheduler.every("heartbeat-" + target.name(), target.config().heartbeatInterval(),
                        target.monitor()::requestHeartbeat);
            }
            scheduler.start();
            await(Future.all(deploying), START_TIMEOUT, "starting the HTTP server on " + config.server().host() + ":"
                    + config.server().port() + " and the targets");
            WardenScheduler schedule = scheduler;
            // What needs the state store starts once it is open and the decisions' memory is back.
            Future<Void> started = Retry.until(vertx, "the decisions in the state store",
                    new Backoff(Duration.ofMillis(500), Duration.ofSeconds(15)), clock,
                    () -> state.ready().compose(v -> decider.load()).compose(v -> migrations.start())
                            .compose(v -> drills.start()),
                    e -> state.ready().failed(),
                    e -> Failures.describe(e, "the state store")).result().onSuccess(v -> {
                List<Future<Void>> baselines = new ArrayList<>();
                for (WatchedTarget target : watchedFromStart) {
                    Future<Void> baseline = target.snapshots().load()
                            .onFailure(e -> log.warn("Could not load the snapshots of {}: {}", target.name(), e.getMessage()))
                            .<Void>mapEmpty().otherwiseEmpty();
                    baselines.add(baseline);
                    // The checks compare with the newest snapshot: run before it is loaded, they could not tell
                    // (and would page so at every start).
                    baseline.onComplete(loaded -> target.checks().schedule(schedule));
                    if (!target.config().snapshots().unscheduled()) {
                        schedule.cron("snapshot-" + target.name(), target.config().snapshots().schedule(),
                                () -> vertx.runOnContext(v2 -> target.snapshots().scheduled()));
                    }
                }
                // A rollback the last Warden left running is resumed where that is safe; it may take a while. Then
                // the decisions it stored and never saw through (not journaled, or planned and never started) are
                // carried out, or withdrawn with the reason when they no longer apply: judged by rechecks, so only
                // once the baselines they compare with are loaded.
                // A cluster node resumes a target's rollback when it gains the target (ClusterNode.own).
                (node == null ? rollbacks.resumeUnfinished() : Future.<Void>succeededFuture())
                        .recover(e -> {
                            log.error("Could not resume unfinished rollbacks: {}", e.getMessage());
                            return Future.succeededFuture();
                        })
                        .compose(done -> Future.join(baselines))
                        // A cluster node carries out a target's interrupted decisions when it gains the target.
                        .compose(done -> node == null ? rollbacks.unstartedDecisions().compose(decider::carryOutInterrupted)
                                : Future.<Void>succeededFuture())
                        .onFailure(e -> log.error("Could not carry out interrupted decisions: {}", e.getMessage()));
            });
            if (node != null) {
                // The owned targets' verticles, heartbeats, checks and snapshots follow the membership.
                // A gained target: the rollback its dead owner left running is resumed; once none runs anywhere,
                // the decisions about it that owner stored and never saw through are carried out (or withdrawn).
                Function<String, Future<Boolean>> takeOver = name -> rollbacks.resumeUnfinishedOf(name)
                        .compose(resumed -> {
                            if (!resumed) {
                                return Future.succeededFuture(false);
                            }
                            Instant gained = clock.instant();
                            return rollbacks.unstartedDecisionsOf(name, gained)
                                    .compose(ids -> decider.carryOutInterruptedOf(name, ids, gained)).map(true);
                        });
                ClusterView cluster = node.own(targets, scheduler, started, metrics, takeOver);
                health.withCluster(cluster);
                http.withCluster(cluster);
                // Two nodes watching one target, found through the state database (a partition hides it from
                // Hazelcast); last in the list: on the way down it removes this node's rows before the store closes.
                Future<String> splitBrainWatch = vertx.deployVerticle(node.splitBrainWatch(state, alerts, metrics));
                deploying.add(splitBrainWatch);
                await(splitBrainWatch, START_TIMEOUT, "starting the split-brain watch");
            }
            List<String> deployments = deploying.stream().map(Future::result).toList();
            return new Warden(config, vertx, state, scheduler, http, deployments, checksByTarget.values(), started);
        } catch (RuntimeException e) {
            if (scheduler != null) {
                scheduler.shutdown();
            }
            vertx.close();
            throw e;
        }
    }

    /** Each target's decision matrix as it carries it out, logged once: one line per target. */
    private static Map<String, EffectiveMatrix> effectiveMatrices(WardenConfig config) {
        Map<String, EffectiveMatrix> matrices = new LinkedHashMap<>();
        config.targets().forEach(target -> {
            EffectiveMatrix matrix = config.effectiveMatrix(target);
            log.info("{}", matrix.describe());
            matrices.put(target.name(), matrix);
        });
        return Map.copyOf(matrices);
    }

    /**
     * Completes once the state store is open and what needs it has started (decisions remembered, snapshots
     * scheduled; each target's checks follow once its baseline is loaded); fails only when waiting cannot
     * help, such as a state schema newer than this Warden.
     */
    public Future<Void> started() {
        return started;
    }

    /** The port the HTTP server listens on. */
    public int httpPort() {
        return http.port();
    }

    public String baseUrl() {
        String host = config.server().host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + httpPort();
    }

    /**
     * The host others reach this Warden's HTTP server at: the configured one, or this machine's name when
     * it listens on every address (0.0.0.0, ::). Blocking (a name lookup): call it off the event loops.
     */
    static String advertisedHost(String host) {
        String advertised = host;
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            try {
                advertised = InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                advertised = "localhost";
            }
        }
        return advertised.contains(":") && !advertised.startsWith("[") ? "[" + advertised + "]" : advertised;
    }

    /** Stops triggers, lets in-flight work finish, closes every pool; bounded by {@code server.shutdown_timeout}. */
    public void stop() {
        Duration limit = config.server().shutdownTimeout();
        scheduler.shutdown();
        // Checks still running fail as their pools close: that is Warden stopping, not news of the targets.
        checks.forEach(TargetChecks::stopWatching);
        Future<Void> undeployed = Future.succeededFuture();
        for (String id : deployments) {
            undeployed = undeployed.compose(v -> vertx.undeploy(id));
        }
        Future<Void> down = undeployed.eventually(state::close).eventually(vertx::close);
        try {
            down.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("Shutdown did not finish within {} ms; closing Vert.x now", limit.toMillis());
            vertx.close();
        } catch (Exception e) {
            // Future.await rethrows whatever failed, checked exceptions included.
            log.warn("Shutdown finished with an error: {}", e.getMessage());
        }
    }

    /** Blocks the calling (non event-loop) thread for a start-up step, with a deadline and a clear error. */
    public static <T> T await(Future<T> future, Duration limit, String what) {
        try {
            return future.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new WardenException(ErrorCode.UNAVAILABLE, what + " took longer than " + limit.toSeconds() + " s");
        } catch (WardenException e) {
            throw e;
        } catch (Exception e) {
            // Future.await rethrows the failure as it is, checked exceptions included (an unknown host to bind).
            throw new WardenException(ErrorCode.FAILED, what + " failed: " + e.getMessage(), e);
        }
    }
}
