package dev.warden.daemon.snapshot;

import dev.warden.postgres.Failures;
import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.TargetConfig;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.DatabaseCopy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target's snapshots: takes them (never two at once), marks those taken during an incident,
 * stores them, applies retention, keeps the metrics and knows the target's restore point. Only a
 * clean snapshot becomes the checks' baseline or the restore point.
 */
public final class SnapshotService {
    private static final Logger log = LoggerFactory.getLogger(SnapshotService.class);
    /** Three small reads of the state store; beyond this it is not answering (a pool queue, a network silent). */
    static final Duration LOAD_WITHIN = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final TargetConfig target;
    private final SnapshotStore store;
    private final SnapshotMetrics metrics;
    private final Clock clock;
    private final SnapshotTaker taker;
    private final SnapshotTaint taint;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile SnapshotSummary restorePoint;
    /** Snapshots with a verified backup newer than the restore point, taken during an incident; newest first. */
    private volatile List<SnapshotSummary> passedOver = List.of();
    private volatile LatestSnapshot latest;
    private final List<Runnable> baselineListeners = new CopyOnWriteArrayList<>();
    /** The newest clone backup taken of the target, clean or not: its door-shut time is reported. */
    private volatile Backup lastClone;

    public SnapshotService(Vertx vertx, TargetConfig target, Pool pool, SnapshotStore store, SnapshotMetrics metrics,
                           Clock clock, SnapshotTaint taint) {
        this.vertx = vertx;
        this.taint = taint;
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

    /** {@code listener} runs each time a snapshot taken here becomes the baseline. */
    public void onNewBaseline(Runnable listener) {
        baselineListeners.add(listener);
    }

    /**
     * Learns the newest restore point and baseline from the state store, so a restart reports and checks
     * against them too. Fails after {@link #LOAD_WITHIN}: the target's checks, which wait for it, then start
     * without the baseline (and say so) rather than never; the load still takes effect if it ends later.
     */
    public Future<Void> load() {
        return store.list(target.name()).onSuccess(this::rememberRestorePoint)
                .compose(v -> store.latest(target.name(), target.criticalTables()))
                .onSuccess(found -> found.ifPresent(snapshot -> latest = snapshot))
                .compose(v -> store.newestClone(target.name()))
                .onSuccess(found -> found.ifPresent(this::rememberClone))
                .<Void>mapEmpty()
                .timeout(LOAD_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The newest clean snapshot's counts and schema, if the target has one: what checks compare against.
     * Loaded from the state store, its counts are the critical tables' only (what the checks compare).
     */
    public Optional<LatestSnapshot> latest() {
        return Optional.ofNullable(latest);
    }

    /**
     * Takes, marks, stores and retains; fails with {@link ErrorCode#BUSY} while another snapshot of the
     * target runs. A snapshot is marked (and is no baseline) when an incident was open, a check breached
     * or a migration had failed when it began or when it ended.
     */
    public Future<Snapshot> take(SnapshotReason reason) {
        return take(reason, null);
    }

    /** {@link #take(SnapshotReason)}, with the asker's own words beside the reason ({@code null}: none). */
    public Future<Snapshot> take(SnapshotReason reason, String label) {
        if (!running.compareAndSet(false, true)) {
            return Future.failedFuture(new WardenException(ErrorCode.BUSY,
                    "a snapshot of " + target.name() + " is already running"));
        }
        return taint.now().compose(before -> taker.take(reason).compose(taken -> taint.now().map(after -> {
                    List<String> reasons = new ArrayList<>(before);
                    reasons.addAll(after);
                    return taken.tainted(SnapshotTaint.reason(reasons, taken)).labelled(label);
                })))
                .compose(store::insert)
                .onSuccess(snapshot -> {
                    if (snapshot.clean()) {
                        latest = LatestSnapshot.of(snapshot);
                        baselineListeners.forEach(Runnable::run);
                    } else {
                        log.warn("Snapshot {} of {} is not a baseline nor a restore point: {}", snapshot.id(),
                                target.name(), snapshot.taintedBecause());
                    }
                    metrics.taken(snapshot, target.snapshots().topTables());
                    if (snapshot.backup() != null && "clone".equals(snapshot.backup().kind())) {
                        rememberClone(snapshot.backup());
                    }
                    log.info("Snapshot {} of {} ({}) in {} ms{}", snapshot.id(), target.name(), reason.label()
                                    + (label == null ? "" : ", \"" + label + "\""),
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

    /**
     * Which snapshot is the target's restore point and why, what kind it is and how old, for
     * /health/ready and logs: the newest clean verified backup, and the newer ones taken during an
     * incident that are passed over.
     */
    public JsonObject restorePoint() {
        SnapshotSummary point = restorePoint;
        List<SnapshotSummary> skipped = passedOver;
        JsonArray skippedIds = new JsonArray(skipped.stream().map(SnapshotSummary::id).toList());
        if (point == null) {
            return new JsonObject().put("kind", "none").put("detail", target.snapshots().backup().name().equals("NONE")
                    ? "snapshots are metadata only (set snapshots.backup for a restorable backup)"
                    : skipped.isEmpty() ? "no verified backup yet"
                    : "no clean verified backup yet" + passedOverSentence(skipped))
                    .put("not_used", skippedIds);
        }
        return new JsonObject().put("kind", point.backupKind()).put("location", point.backupLocation())
                .put("snapshot", point.id()).put("taken_at", point.takenAt().toString())
                .put("age_seconds", Duration.between(point.takenAt(), clock.instant()).toSeconds())
                .put("why", "newest clean verified backup" + passedOverSentence(skipped))
                .put("not_used", skippedIds);
    }

    /**
     * Which kind of restore the target gets ({@code reflink_clone}, {@code block_copy}, {@code dump_restore},
     * {@code command_restore} or {@code none}), why, and how long its last clone kept its sessions out.
     *
     * @param copy how the target's server copies databases, from the heartbeat; null until it answered
     */
    public JsonObject restore(DatabaseCopy copy) {
        SnapshotSummary point = restorePoint;
        String configured = target.snapshots().backup().name().equals("NONE") ? null
                : target.snapshots().backup().name().toLowerCase(Locale.ROOT);
        return RestoreReport.describe(point != null ? point.backupKind() : configured, copy, lastClone);
    }

    private void rememberClone(Backup clone) {
        lastClone = clone;
        metrics.lastClone(target.name(), clone);
    }

    /** "; 2 newer snapshots (7, 8) are not used: 7 taken during incident ...", or nothing. */
    private static String passedOverSentence(List<SnapshotSummary> skipped) {
        if (skipped.isEmpty()) {
            return "";
        }
        String ids = String.join(", ", skipped.stream().map(s -> String.valueOf(s.id())).toList());
        List<String> reasons = skipped.stream().map(SnapshotSummary::taintedBecause).distinct().toList();
        return "; " + skipped.size() + " newer snapshot" + (skipped.size() == 1 ? "" : "s") + " with a verified backup ("
                + ids + ") " + (skipped.size() == 1 ? "is" : "are") + " not used: "
                + (reasons.size() == 1 ? reasons.get(0) : reasons.get(0) + " (and " + (reasons.size() - 1)
                   + " other reason" + (reasons.size() == 2 ? "" : "s") + ")");
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
        restorePoint = newestFirst.stream().filter(SnapshotSummary::restorable).findFirst().orElse(null);
        passedOver = newestFirst.stream()
                .takeWhile(s -> restorePoint == null || s.id() != restorePoint.id())
                .filter(s -> s.backupVerified() && !s.clean()).toList();
        metrics.restorePoint(target.name(), restorePoint);
    }
}
