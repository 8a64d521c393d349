package dev.warden.daemon.watch;

import dev.warden.postgres.Failures;
import dev.warden.postgres.ServerConnections;
import dev.warden.config.TargetConfig;
import dev.warden.daemon.alert.Alert;
import dev.warden.daemon.alert.Alerts;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.retry.Backoff;
import dev.warden.daemon.retry.Waiting;
import dev.warden.daemon.state.StateStore;
import dev.warden.rollback.backup.DatabaseCopy;
import dev.warden.rollback.strategy.ReadOnlyStrategy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one target's pool and knows whether the target answers, and whether its database makes new
 * sessions read-only (see {@link ReadOnlyWatch}). Heartbeats come from the scheduler;
 * when one fails, reconnection attempts follow a capped exponential backoff on their own timer and
 * heartbeats wait until the target is back. Never more than one probe in flight.
 */
public final class TargetVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(TargetVerticle.class);

    private final TargetConfig target;
    private final WardenMetrics metrics;
    private final StateStore state;
    private final Alerts alerts;
    private final Clock clock;
    private final Backoff backoff;
    private final AtomicReference<TargetStatus> status;
    private final ReadOnlyWatch readOnly;
    /** Until the first connection: start-up waits for this target, and says so. */
    private final AtomicReference<Waiting> waiting = new AtomicReference<>();
    private int failedAttempts;

    private final Pool pool;
    private Future<?> inFlight = Future.succeededFuture();
    private boolean probing;
    private long reconnectTimer = -1;
    private boolean stopping;

    /** @param pool the target's pool, which this verticle closes when it stops */
    public TargetVerticle(TargetConfig target, Pool pool, WardenMetrics metrics, StateStore state, Alerts alerts,
                          Clock clock) {
        this.target = target;
        this.alerts = alerts;
        this.pool = pool;
        this.metrics = metrics;
        this.state = state;
        this.clock = clock;
        this.backoff = new Backoff(target.session().reconnectInitialBackoff(), target.session().reconnectMaxBackoff());
        this.status = new AtomicReference<>(TargetStatus.unknown(target.name(), clock.instant()));
        this.readOnly = new ReadOnlyWatch(target.name(), metrics, alerts);
    }

    public TargetStatus status() {
        return status.get();
    }

    /** Before the target first answered: what the last attempt met and when the next one starts. */
    public Optional<Waiting> waiting() {
        return Optional.ofNullable(waiting.get());
    }

    public TargetConfig target() {
        return target;
    }

    @Override
    public Future<?> start() {
        // A cluster node deploys this verticle again when it gains the target back after losing it.
        stopping = false;
        reconnectTimer = -1;
        metrics.targetUp(target.name(), false);
        probe();
        return Future.succeededFuture();
    }

    /**
     * Called from a scheduler thread: hands the heartbeat to this verticle's event loop. The scheduler
     * may fire before the deployment has given the verticle its context; start() probes first anyway.
     */
    public void requestHeartbeat() {
        Context deployed = context;
        if (deployed != null) {
            deployed.runOnContext(v -> heartbeat());
        }
    }

    private void heartbeat() {
        if (stopping || reconnectTimer >= 0) {
            return;
        }
        if (probing) {
            metrics.checkSkipped(target.name(), "heartbeat");
            return;
        }
        probe();
    }

    private void probe() {
        probing = true;
        Duration limit = target.session().statementTimeout().plus(target.session().connectTimeout());
        // The version, and from PostgreSQL 18 file_copy_method: which kind of restore the target gets.
        inFlight = DatabaseCopy.read(pool)
                .compose(copy -> ReadOnlyStrategy.readOnly(pool, target.connection().database())
                        .<Boolean>map(on -> on)
                        .otherwise(e -> {
                            log.debug("Could not read whether {} is read-only: {}", target.name(), Failures.describe(e));
                            return null;
                        })
                        .map(readOnly -> new Probe(copy, readOnly)))
                .timeout(limit.toMillis(), TimeUnit.MILLISECONDS)
                .onSuccess(this::connected)
                .onFailure(this::failed)
                .eventually(() -> {
                    probing = false;
                    return Future.succeededFuture();
                });
    }

    /** @param readOnly null when it could not be read */
    private record Probe(DatabaseCopy copy, Boolean readOnly) {
    }

    private void connected(Probe probe) {
        String version = probe.copy().serverVersion();
        TargetStatus before = status.get();
        status.set(before.connected(probe.copy(), probe.readOnly(), clock.instant()));
        readOnly.seen(before.readOnly(), probe.readOnly());
        backoff.reset();
        waiting.set(null);
        metrics.targetUp(target.name(), true);
        metrics.targetVersion(target.name(), version);
        if (!before.up()) {
            alerts.resolveMatching(Alert.TARGET_DOWN, Map.of("target", target.name()));
            log.info("Target {} is up: {} at {}", target.name(), probe.copy().describe(), target.connection().redacted());
            state.recordConnected(target.name(), version)
                    .onFailure(e -> log.warn("Could not record target {} in the state store: {}", target.name(),
                            Failures.describe(e)));
        }
    }

    /**
     * No turn on a server whose targets take turns says nothing about this target: the heartbeat counts
     * as skipped and the next one asks again.
     */
    private void failed(Throwable failure) {
        if (failure instanceof ServerConnections.NoTurn) {
            log.debug("Heartbeat of {} skipped: {}", target.name(), failure.getMessage());
            metrics.checkSkipped(target.name(), "heartbeat");
        } else {
            lost(failure);
        }
    }

    private void lost(Throwable failure) {
        TargetStatus before = status.get();
        String error = Failures.describe(failure);
        status.set(before.lost(error, clock.instant()));
        metrics.targetUp(target.name(), false);
        alerts.fire(Alert.targetDown(target.name(), target.name() + " does not answer Warden: " + error));
        Duration wait = stopping ? Duration.ZERO : backoff.next();
        if (!before.connectedOnce() && !stopping) {
            // Start-up waits for this target: each attempt is worth a line until it first answers.
            Instant at = clock.instant();
            Waiting now = new Waiting("target " + target.name() + " at " + Waiting.address(target.connection()), error,
                    ++failedAttempts, at.plus(wait));
            waiting.set(now);
            log.warn("Waiting for {}", now.describe(at));
        } else if (before.up() || !error.equals(before.lastError())) {
            log.warn("Target {} is down ({}): {}", target.name(), target.connection().redacted(), error);
        }
        if (!stopping) {
            log.debug("Reconnecting to target {} in {} ms", target.name(), wait.toMillis());
            reconnectTimer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
                reconnectTimer = -1;
                probe();
            });
        }
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        if (reconnectTimer >= 0) {
            vertx.cancelTimer(reconnectTimer);
        }
        // Whatever the last probe found, stopping means closing the pool.
        return inFlight.transform(done -> pool.close());
    }
}
