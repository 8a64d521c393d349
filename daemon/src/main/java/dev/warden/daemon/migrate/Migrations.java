package dev.warden.daemon.migrate;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.checks.CheckResult;
import dev.warden.checks.builtin.MigrationDurationCheck;
import dev.warden.config.BackupKind;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.daemon.alert.Alert;
import dev.warden.daemon.alert.Alerts;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.rollback.Rollbacks;
import dev.warden.daemon.snapshot.Snapshot;
import dev.warden.daemon.snapshot.SnapshotReason;
import dev.warden.daemon.state.StateStore;
import dev.warden.daemon.watch.WatchedTarget;
import dev.warden.postgres.Failures;
import dev.warden.rollback.backup.RestorePointBackup;
import dev.warden.rollback.decision.DecidedAtOnce;
import dev.warden.rollback.decision.Decider;
import dev.warden.rollback.decision.IncidentStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code warden migrate} on the daemon's side: opens a migration (pre-checks, restore point,
 * expectations, lock watch), hears the client's heartbeats, and concludes it on the client's finish,
 * on its silence or on a restart: every check at once, the verdict, a decision with the migration as
 * context and its rollback, a new baseline on success, the report. While a migration is open its
 * target's scheduled results are not decided on (see {@code Judge#holdDecisionsWhile}).
 */
public final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    /**
     * The check a migration's own failure (its command failed, was cancelled or vanished) is reported
     * as: migration_duration's issue for a failed migration, and the check a rollback's verification re-runs.
     */
    static final String CHECK = MigrationDurationCheck.NAME;

    private final Vertx vertx;
    private final Map<String, WatchedTarget> targets;
    private final PreChecks preChecks;
    private final Decider decider;
    private final Rollbacks rollbacks;
    private final MigrationStore store;
    private final MigrationMetrics metrics;
    private final Alerts alerts;
    private final Supplier<String> baseUrl;
    private final Clock clock;
    private final Map<String, String> openByTarget = new ConcurrentHashMap<>();
    private final Map<String, OpenRun> open = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    /** A run being followed, with what its conclusion needs. */
    private record OpenRun(MigrationRun run, WatchedTarget target, Snapshot before, LockWatch watch) {
    }

    /** @param baseUrl this Warden's API, as the failure alert links the report */
    public Migrations(Vertx vertx, List<WatchedTarget> targets, IncidentStore incidents, Decider decider,
                      Rollbacks rollbacks, StateStore state, WardenMetrics metrics, Alerts alerts,
                      Supplier<String> baseUrl, Clock clock) {
        this.vertx = vertx;
        this.targets = targets.stream().collect(Collectors.toMap(WatchedTarget::name, t -> t));
        this.preChecks = new PreChecks(incidents);
        this.decider = decider;
        this.rollbacks = rollbacks;
        this.store = new MigrationStore(state.pool(), state.ready());
        this.metrics = new MigrationMetrics(metrics);
        this.alerts = alerts;
        this.baseUrl = baseUrl;
        this.clock = clock;
        targets.forEach(t -> this.metrics.watch(t.name()));
    }

    /** Whether a migration owns {@code target} now. */
    public boolean owns(String target) {
        return openByTarget.containsKey(target);
    }

    /**
     * Ends as failed the runs a stopped Warden left open (nobody watched them since; each raises
     * WardenMigrationFailed, with no rollback: too much may have happened since), then looks every
     * second for clients gone silent.
     */
    public Future<Void> start() {
        // Retried until the state store answers: one sweeper, however many tries.
        if (sweeping.compareAndSet(false, true)) {
            vertx.setPeriodic(1000, id -> sweepSilentClients());
        }
        return store.running().compose(left -> {
            List<Future<Void>> ended = new ArrayList<>();
            for (JsonObject report : left) {
                Instant now = clock.instant();
                JsonObject timeline = new JsonObject().put("at", now.toString())
                        .put("event", "verdict: failed (Warden stopped while the migration ran)");
                report.put("status", Verdict.FAILED.label()).put("finished_at", now.toString())
                        .put("reasons", report.getJsonArray("reasons", new JsonArray())
                                .add("Warden stopped while the migration ran; nobody watched its end"))
                        .put("timeline", report.getJsonArray("timeline", new JsonArray()).add(timeline));
                log.warn("Migration {} on {} was left running by a Warden that stopped: ended as failed",
                        report.getString("id"), report.getString("target"));
                ended.add(store.save(report).onSuccess(v -> alertFailed(report)));
            }
            return Future.all(ended).mapEmpty();
        });
    }

    public Future<JsonObject> open(MigrationRequest request) {
        WatchedTarget target = targets.get(request.target());
        if (target == null) {
            return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no target named \"" + request.target() + "\""));
        }
        List<String> critical = target.config().criticalTables().stream()
                .map(t -> t.contains(".") ? t : "public." + t).toList();
        for (DeclaredExpectation expectation : request.expectations()) {
            if (!critical.contains(expectation.table())) {
                return Future.failedFuture(new WardenException(ErrorCode.BAD_USAGE, "expect " + expectation.declared()
                        + ": " + expectation.table() + " is not a critical table of " + target.name()
                        + " (critical_tables: " + String.join(", ", critical) + "); only those are counted exactly"));
            }
        }
        String id = UUID.randomUUID().toString();
        boolean reserved = request.dryRun() ? !owns(target.name()) : openByTarget.putIfAbsent(target.name(), id) == null;
        Instant openedAt = clock.instant();
        return preChecks.run(target, !reserved).compose(refusals -> {
            List<Refusal> blocking = refusals.stream().filter(r -> !r.overridable() || !request.force()).toList();
            if (request.dryRun()) {
                return Future.succeededFuture(dryRun(target, request, refusals, blocking));
            }
            if (!blocking.isEmpty()) {
                return Future.failedFuture(new MigrationRefused(blocking));
            }
            MigrationRun run = new MigrationRun(id, request, openedAt);
            run.event(openedAt, "opened by `" + String.join(" ", request.command()) + "`");
            run.put("overridden", new JsonArray(refusals.stream().map(Refusal::toJson).toList()));
            refusals.forEach(r -> run.event(openedAt, "forced past " + r));
            run.took("pre_checks", Duration.between(openedAt, clock.instant()));
            return restorePoint(run, target).compose(before -> requireRestorePoint(run, target, before))
                    .compose(before -> watch(run, target, before));
        }).onFailure(e -> {
            if (reserved && !request.dryRun()) {
                openByTarget.remove(target.name(), id);
            }
        });
    }

    private JsonObject dryRun(WatchedTarget target, MigrationRequest request, List<Refusal> refusals,
                              List<Refusal> blocking) {
        return new JsonObject().put("dry_run", true).put("target", target.name())
                .put("would_start", blocking.isEmpty())
                .put("refusals", new JsonArray(refusals.stream().map(Refusal::toJson).toList()))
                .put("restore_point_kind", target.config().snapshots().backup().name().toLowerCase())
                .put("expectations", new JsonArray(request.expectations().stream().map(DeclaredExpectation::declared).toList()))
                .put("max_lock_wait_seconds", request.maxLockWait().toMillis() / 1000.0);
    }

    private Future<Snapshot> restorePoint(MigrationRun run, WatchedTarget target) {
        Instant started = clock.instant();
        return target.snapshots().take(SnapshotReason.PRE_MIGRATION).onSuccess(snapshot -> {
            run.took("restore_point", Duration.between(started, clock.instant()));
            JsonObject point = new JsonObject().put("snapshot", snapshot.id())
                    .put("kind", snapshot.backup() == null ? "none" : snapshot.backup().kind().toString().toLowerCase())
                    .put("location", snapshot.backup() == null ? null : snapshot.backup().location())
                    .put("verified", snapshot.backup() != null && snapshot.backup().verified())
                    .put("clean", snapshot.clean()).put("tainted_because", snapshot.taintedBecause());
            if (snapshot.backup() != null && snapshot.backup().details().containsKey(RestorePointBackup.LSN)) {
                point.put("name", snapshot.backup().id()).put("lsn", snapshot.backup().details().get(RestorePointBackup.LSN))
                        .put("wal_file", snapshot.backup().details().get(RestorePointBackup.WAL_FILE))
                        .put("archived_at", snapshot.backup().details().get(RestorePointBackup.ARCHIVED_AT));
            }
            run.put("restore_point", point);
            run.event(clock.instant(), "pre-migration snapshot " + snapshot.id() + " taken"
                    + (snapshot.backup() == null ? " (metadata only)" : " with a " + snapshot.backup().kind() + " backup"));
        });
    }

    /**
     * A target with a backup kind gets no migration without a verified pre-migration backup (a restore
     * point whose WAL was not archived, a clone that failed), unless the operator forces it.
     */
    private Future<Snapshot> requireRestorePoint(MigrationRun run, WatchedTarget target, Snapshot before) {
        BackupKind kind = target.config().snapshots().backup();
        if (kind == BackupKind.NONE || (before.backup() != null && before.backup().verified())) {
            return Future.succeededFuture(before);
        }
        String why = before.notes().stream().filter(note -> note.contains("backup")).findFirst()
                .orElse("no backup was taken");
        Refusal refusal = new Refusal(Refusal.NO_RESTORE_POINT, "the pre-migration snapshot " + before.id() + " of "
                + target.name() + " has no verified " + kind.name().toLowerCase() + " backup: " + why, true);
        if (!run.request().force()) {
            log.warn("Migration {} on {} refused: {}", run.id(), target.name(), refusal);
            return Future.failedFuture(new MigrationRefused(List.of(refusal)));
        }
        run.event(clock.instant(), "forced past " + refusal);
        return Future.succeededFuture(before);
    }

    private Future<JsonObject> watch(MigrationRun run, WatchedTarget target, Snapshot before) {
        target.checks().expect(DeclaredExpectation.of(run.request().expectations()));
        LockWatch lockWatch = new LockWatch(vertx, target.checks().pool(), run, target.config().criticalTables(), clock);
        open.put(run.id(), new OpenRun(run, target, before, lockWatch));
        metrics.opened(target.name());
        run.heard(clock.instant());
        log.info("Migration {} on {} opened: `{}`, expectations {}, max lock wait {} ms", run.id(), target.name(),
                String.join(" ", run.request().command()), run.request().expectations().stream()
                        .map(DeclaredExpectation::declared).toList(), run.request().maxLockWait().toMillis());
        return lockWatch.start().compose(v -> store.save(run.toJson())).map(v -> run.toJson()
                .put("heartbeat_seconds", Math.max(1, run.request().clientTimeout().toSeconds() / 3))
                .put("connection", ClientConnection.of(target.config().connection(), MigrationRun.applicationName(run.id()))));
    }

    /** A client's sign of life; answers the progress line's figures. */
    public Future<JsonObject> heartbeat(String id) {
        OpenRun found = open.get(id);
        if (found == null) {
            return store.find(id).map(report -> report.map(r -> new JsonObject().put("id", id)
                    .put("status", r.getString("status")).put("reasons", r.getJsonArray("reasons")))
                    .orElseThrow(() -> notFound(id)));
        }
        found.run().heard(clock.instant());
        return Future.succeededFuture(found.run().progress(clock.instant()));
    }

    /**
     * The client's command ended with {@code exitCode}: concludes and answers the report with the verdict.
     * {@code signal} (such as SIGINT) says the operator stopped the command: the run fails whatever the exit code.
     */
    public Future<JsonObject> finish(String id, int exitCode, String signal) {
        OpenRun found = open.get(id);
        if (found == null) {
            return find(id).map(report -> report.orElseThrow(() -> notFound(id)));
        }
        return conclude(found, exitCode, signal == null ? null : "cancelled by the operator (" + signal + ")");
    }

    /** The run's report: live while it runs, from the state store after. */
    public Future<Optional<JsonObject>> find(String id) {
        OpenRun found = open.get(id);
        return found != null ? Future.succeededFuture(Optional.of(found.run().toJson())) : store.find(id);
    }

    public Future<List<JsonObject>> recent(int limit, String target) {
        return store.recent(limit, target);
    }

    private static WardenException notFound(String id) {
        return new WardenException(ErrorCode.NOT_FOUND, "no migration " + id);
    }

    private void sweepSilentClients() {
        Instant now = clock.instant();
        open.values().forEach(found -> {
            Duration silent = Duration.between(found.run().lastHeard(), now);
            if (silent.compareTo(found.run().request().clientTimeout()) > 0) {
                conclude(found, null, "the client vanished: no heartbeat or finish for " + silent.toSeconds() + " s")
                        .onFailure(e -> log.error("Migration {}: could not conclude: {}", found.run().id(), e.getMessage()));
            }
        });
    }

    /** @param interrupted why the command's end is not (only) its exit code: the client vanished, the operator cancelled */
    private Future<JsonObject> conclude(OpenRun found, Integer exitCode, String interrupted) {
        MigrationRun run = found.run();
        if (!run.startConcluding()) {
            return Future.succeededFuture(run.toJson());
        }
        found.watch().stop();
        Instant ended = clock.instant();
        run.put("exit_code", exitCode);
        run.took("command", Duration.between(run.openedAt(), ended));
        String exited = exitCode == null ? "" : "command ended with exit code " + exitCode;
        run.event(ended, interrupted == null ? exited : exitCode == null ? interrupted : interrupted + "; " + exited);
        Instant checking = clock.instant();
        return PostMigration.run(found.target(), run, found.before())
                .onSuccess(results -> run.took("post_checks", Duration.between(checking, clock.instant())))
                .recover(e -> {
                    run.reason("the post-migration checks could not run: " + Failures.describe(e));
                    return Future.succeededFuture(List.of());
                })
                .compose(results -> judge(found, exitCode, interrupted, results))
                .eventually(() -> release(found))
                .map(v -> run.toJson());
    }

    /** The verdict, then the decision on a failure or the new baseline on a success. */
    private Future<Void> judge(OpenRun found, Integer exitCode, String interrupted, List<CheckResult> results) {
        MigrationRun run = found.run();
        List<CheckResult> breaches = new ArrayList<>();
        String commandFailure = interrupted != null ? interrupted
                : run.cancelledBecause() != null ? "the migration was cancelled: " + run.cancelledBecause()
                : exitCode != 0 ? "the command failed with exit code " + exitCode : null;
        if (commandFailure != null) {
            run.reason(commandFailure);
            breaches.add(CheckResult.breach(CHECK, clock.instant(), IssueType.SCHEMA_MISMATCH, Severity.HIGH,
                    "migration " + run.id() + ": " + commandFailure, Map.of("migration_id", run.id(),
                            "command", String.join(" ", run.request().command()))));
        }
        // A low breach (an additive change no history explains) is recorded, never a failure.
        results.stream().filter(r -> r.isBreach() && r.severity().compareTo(Severity.LOW) > 0).forEach(r -> {
            run.reason(r.check() + " " + r.severity().name().toLowerCase() + " " + r.issue().name().toLowerCase()
                    + ": " + r.summary());
            breaches.add(r);
        });
        if (run.reasons().isEmpty()) {
            return newBaseline(found).onComplete(done -> finished(found, Verdict.SUCCEEDED));
        }
        CheckResult worst = breaches.isEmpty() ? null : breaches.stream()
                .max(Comparator.comparing(CheckResult::severity)).orElseThrow();
        Future<Void> decided = worst == null ? Future.succeededFuture() : decide(found, worst);
        return decided.onComplete(done -> finished(found, Verdict.FAILED));
    }

    private Future<Void> newBaseline(OpenRun found) {
        MigrationRun run = found.run();
        Instant started = clock.instant();
        return found.target().snapshots().take(SnapshotReason.POST_MIGRATION).onSuccess(snapshot -> {
            run.took("post_snapshot", Duration.between(started, clock.instant()));
            run.put("baseline_snapshot", snapshot.id());
            run.event(clock.instant(), "post-migration snapshot " + snapshot.id() + (snapshot.clean()
                    ? " is the new baseline" : " is not a baseline: " + snapshot.taintedBecause()));
        }).onFailure(e -> run.event(clock.instant(), "the post-migration snapshot failed: " + Failures.describe(e)))
                .<Void>mapEmpty().otherwiseEmpty();
    }

    private Future<Void> decide(OpenRun found, CheckResult worst) {
        MigrationRun run = found.run();
        Instant started = clock.instant();
        List<String> context = List.of("context: migration " + run.id() + " on " + run.target() + " (`"
                + String.join(" ", run.request().command()) + "`) failed: " + String.join("; ", run.reasons()));
        return decider.decideAtOnce(run.target(), worst, context).compose(answered -> {
            run.put("decision", decisionJson(answered));
            run.event(clock.instant(), "decision: " + answered.outcome().detail());
            String rollbackId = answered.outcome().rollbackId();
            if (rollbackId == null || answered.decision() == null) {
                return Future.<Void>succeededFuture();
            }
            return rollbacks.find(rollbackId).onSuccess(journaled -> journaled.ifPresent(r -> {
                run.took("rollback", Duration.between(started, clock.instant()));
                run.put("rollback", new JsonObject().put("id", r.id()).put("strategy", r.strategy().name().toLowerCase())
                        .put("status", r.status().journalName()).put("summary", r.outcome()));
                run.event(clock.instant(), "rollback " + r.id() + " (" + r.strategy().name().toLowerCase() + ") "
                        + r.status().journalName());
            })).<Void>mapEmpty();
        }).recover(e -> {
            run.event(clock.instant(), "the decision could not be made: " + Failures.describe(e));
            return Future.succeededFuture();
        });
    }

    private static JsonObject decisionJson(DecidedAtOnce answered) {
        JsonObject json = new JsonObject().put("outcome", answered.outcome().detail())
                .put("outcome_kind", answered.outcome().kind().label());
        if (answered.decision() != null) {
            json.put("id", answered.decision().id()).put("incident_id", answered.decision().incidentId())
                    .put("check", answered.decision().check())
                    .put("issue", answered.decision().issue().name().toLowerCase())
                    .put("severity", answered.decision().severity().name().toLowerCase())
                    .put("strategy", answered.decision().strategy().name().toLowerCase())
                    .put("mode", answered.decision().mode().name().toLowerCase())
                    .put("reasoning", new JsonArray(answered.decision().reasoning()));
        }
        return json;
    }

    private void finished(OpenRun found, Verdict verdict) {
        MigrationRun run = found.run();
        run.end(verdict, clock.instant());
        metrics.ended(run.target(), verdict, Duration.between(run.openedAt(), clock.instant()));
        if (run.cancelledBecause() != null) {
            metrics.cancelled(run.target());
        }
        log.info("Migration {} on {}: {}{}", run.id(), run.target(), verdict.label(),
                run.reasons().isEmpty() ? "" : " (" + String.join("; ", run.reasons()) + ")");
        alert(run, verdict);
    }

    /** A failure raises WardenMigrationFailed; the target's next success resolves it. */
    private void alert(MigrationRun run, Verdict verdict) {
        if (verdict == Verdict.SUCCEEDED) {
            alerts.resolveMatching(Alert.MIGRATION_FAILED, Map.of("target", run.target()));
            return;
        }
        alertFailed(run.toJson());
    }

    private void alertFailed(JsonObject report) {
        String id = report.getString("id");
        JsonObject decision = report.getJsonObject("decision");
        JsonObject rollback = report.getJsonObject("rollback");
        String outcome = decision == null ? "No decision was made on it"
                : "Decision: " + decision.getString("outcome") + (rollback == null ? ""
                : "; rollback " + rollback.getString("id") + " (" + rollback.getString("strategy") + ") "
                + rollback.getString("status"));
        JsonArray reasons = report.getJsonArray("reasons", new JsonArray());
        alerts.fire(Alert.migrationFailed(report.getString("target"), id, String.join("; ", reasons.stream()
                        .map(String::valueOf).toList()), outcome, baseUrl.get() + "/api/migrations/" + id + "/report")
                        .withEvidence(reasons))
                .onFailure(e -> log.warn("Migration {}: the failure alert could not be raised: {}", id, Failures.describe(e)));
    }

    /** Lifts the expectations, gives the target back to its scheduled decisions, stores the report. */
    private Future<Void> release(OpenRun found) {
        found.target().checks().expect(List.of());
        open.remove(found.run().id());
        openByTarget.remove(found.target().name(), found.run().id());
        return store.save(found.run().toJson()).onFailure(e -> log.error("Migration {}: the report could not be stored: {}",
                found.run().id(), Failures.describe(e)));
    }
}
