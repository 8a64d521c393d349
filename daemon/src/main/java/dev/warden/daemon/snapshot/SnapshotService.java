package dev.warden.daemon.snapshot;

import dev.warden.postgres.Failures;
import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.TargetConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target's snapshots: takes them (never two at once), stores them, applies retention, keeps the
 * metrics and knows the target's newest restore point.
 */
public final class SnapshotService {
    private static final Logger log = LoggerFactory.getLogger(SnapshotService.class);

    private final Vertx vertx;
    private final TargetConfig target;
    private final SnapshotStore store;
    private final SnapshotMetrics metrics;
    private final Clock clock;
    private final SnapshotTaker taker;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile SnapshotSummary restorePoint;
    private volatile LatestSnapshot latest;

    public SnapshotService(Vertx vertx, TargetConfig target, Pool pool, SnapshotStore store, SnapshotMetrics metrics,
                           Clock clock) {
        this.vertx = vertx;
        this.target = target;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.taker = new SnapshotTaker(target, pool, Backups.forTarget(vertx, clock, target), clock);
    }

    public TargetConfig target() {
        return target;
    }

    public SnapshotStore store() {
        return store;
    }

    /** Learns the newest restore point from the state store, so a restart reports it too. */
    public Future<Void> load() {
        return store.list(target.name()).onSuccess(this::rememberRestorePoint)
                .compose(v -> store.latest(target.name()))
                .onSuccess(found -> found.ifPresent(snapshot -> latest = snapshot))
                .mapEmpty();
    }

    /** The newest snapshot's counts and schema, if the target has one: what checks compare against. */
    public Optional<LatestSnapshot> latest() {
        return Optional.ofNullable(latest);
    }

    /** Takes, stores and retains; fails with {@link ErrorCode#BUSY} while another snapshot of the target runs. */
    public Future<Snapshot> take(SnapshotReason reason) {
        if (!running.compareAndSet(false, true)) {
            return Future.failedFuture(new WardenException(ErrorCode.BUSY,
                    "a snapshot of " + target.name() + " is already running"));
        }
        return taker.take(reason)
                .compose(store::insert)
                .onSuccess(snapshot -> {
                    latest = LatestSnapshot.of(snapshot);
                    metrics.taken(snapshot, target.snapshots().topTables());
                    log.info("Snapshot {} of {} ({}) in {} ms{}", snapshot.id(), target.name(), reason.label(),
                            snapshot.duration().toMillis(), snapshot.backup() == null ? ""
                                    : ", " + snapshot.backup().kind() + " backup " + snapshot.backup().location()
                                      + (snapshot.backup().verified() ? " (verified)" : " (NOT verified)"));
                    snapshot.notes().forEach(note -> log.warn("Snapshot {} of {}: {}", snapshot.id(), target.name(), note));
                })
                .compose(snapshot -> retain().map(snapshot))
                .eventually(() -> {
                    running.set(false);
                    return Future.succeededFuture();
                });
    }

    /** Called by the scheduler: a snapshot that is still running makes this one a counted skip. */
    public void scheduled() {
        if (running.get()) {
            metrics.skipped(target.name());
            return;
        }
        take(SnapshotReason.SCHEDULED).onFailure(e -> log.warn("Scheduled snapshot of {} failed: {}", target.name(),
                Failures.describe(e)));
    }

    /** Which kind of restore point the target has and how old it is, for /health/ready and logs. */
    public JsonObject restorePoint() {
        SnapshotSummary point = restorePoint;
        if (point == null) {
            return new JsonObject().put("kind", "none").put("detail", target.snapshots().backup().name().equals("NONE")
                    ? "snapshots are metadata only (set snapshots.backup for a restorable backup)"
                    : "no verified backup yet");
        }
        return new JsonObject().put("kind", point.backupKind()).put("location", point.backupLocation())
                .put("snapshot", point.id()).put("taken_at", point.takenAt().toString())
                .put("age_seconds", Duration.between(point.takenAt(), clock.instant()).toSeconds());
    }

    private Future<Void> retain() {
        return store.list(target.name()).compose(all -> {
            List<SnapshotSummary> expired = SnapshotRetention.expired(all, target.snapshots().keepLast(),
                    target.snapshots().maxAge(), clock.instant());
            Future<Void> chain = Future.succeededFuture();
            for (SnapshotSummary old : expired) {
                chain = chain.compose(v -> (old.hasBackup() ? Backups.discard(vertx, target, old) : Future.<Void>succeededFuture())
                        .compose(x -> store.delete(old.id()))
                        .recover(e -> {
                            log.warn("Could not remove expired snapshot {} of {}: {}", old.id(), target.name(), e.getMessage());
                            return Future.succeededFuture();
                        }));
            }
            return chain.compose(v -> store.list(target.name())).onSuccess(this::rememberRestorePoint).mapEmpty();
        });
    }

    private void rememberRestorePoint(List<SnapshotSummary> newestFirst) {
        restorePoint = newestFirst.stream().filter(SnapshotSummary::backupVerified).findFirst().orElse(null);
        metrics.restorePoint(target.name(), restorePoint);
    }
}
