package dev.warden.daemon.rollback;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.StrategyKind;
import dev.warden.config.TargetConfig;
import dev.warden.config.WardenConfig;
import dev.warden.daemon.alert.Alerts;
import dev.warden.daemon.check.TargetChecks;
import dev.warden.daemon.snapshot.Backups;
import dev.warden.daemon.snapshot.SnapshotStore;
import dev.warden.daemon.state.StateStore;
import dev.warden.postgres.Connections;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.RowCounter;
import dev.warden.rollback.decision.Decision;
import dev.warden.rollback.decision.DecisionStore;
import dev.warden.rollback.decision.RollbackPort;
import dev.warden.rollback.engine.DecisionRollbacks;
import dev.warden.rollback.engine.Journal;
import dev.warden.rollback.engine.JournaledRollback;
import dev.warden.rollback.engine.PgJournal;
import dev.warden.rollback.engine.RollbackExecutor;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.RollbackOutcome;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.RollbackStatus;
import dev.warden.rollback.engine.RollbackStrategy;
import dev.warden.rollback.engine.RollbackVerifier;
import dev.warden.rollback.engine.SnapshotCounts;
import dev.warden.rollback.engine.VerifiedStrategy;
import dev.warden.rollback.strategy.BranchSwapStrategy;
import dev.warden.rollback.strategy.CodeRevertStrategy;
import dev.warden.rollback.strategy.DownMigrationStrategy;
import dev.warden.rollback.strategy.FeatureFlagStrategy;
import dev.warden.rollback.strategy.FreezeStrategy;
import dev.warden.rollback.strategy.FullRollbackStrategy;
import dev.warden.rollback.strategy.ReadOnlyStrategy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollback engine as the daemon runs it: the journal in the state store, the strategies this
 * Warden has, requests built from the configuration (the target's newest verified backup is the one
 * restored), decisions handed in through {@link #port()}, and metrics of every outcome.
 */
public final class Rollbacks {
    private static final Logger log = LoggerFactory.getLogger(Rollbacks.class);
    /** The alert of a rollback that ended partial, failed or needs_attention: a human must look. */
    public static final String NEEDS_ATTENTION = NeedsAttention.ALERT;

    /** This Warden's start: rollbacks planned since are its own, not left over. */
    private final Instant started;
    private final WardenConfig config;
    private final NeedsAttention needsAttention;
    private final SnapshotStore snapshots;
    private final DecisionStore decisions;
    private final RollbackMetrics metrics;
    private final Alerts alerts;
    private final Clock clock;
    private final Journal journal;
    private final RollbackExecutor executor;
    private final DecisionRollbacks port;
    private final List<Consumer<String>> ended = new CopyOnWriteArrayList<>();
    private volatile BiFunction<String, String, Future<Void>> verified = (incident, rollback) -> Future.succeededFuture();

    /** @param checks a watched target's checks by its name, re-run to verify a rollback */
    public Rollbacks(Vertx vertx, WardenConfig config, StateStore state, SnapshotStore snapshots, DecisionStore decisions,
                     Function<String, Optional<TargetChecks>> checks, RollbackMetrics metrics, Alerts alerts,
                     Clock clock) {
        this.needsAttention = new NeedsAttention(vertx, alerts, this::target);
        this.started = clock.instant();
        this.alerts = alerts;
        this.config = config;
        this.snapshots = snapshots;
        this.decisions = decisions;
        this.metrics = metrics;
        this.clock = clock;
        this.journal = HaltAfterStep.around(HaltBeforeStart.around(new PgJournal(state.pool(), clock)));
        ReadOnlyStrategy readOnly = new ReadOnlyStrategy(vertx);
        BranchSwapStrategy branchSwap = new BranchSwapStrategy(vertx, name -> StrategySettings.clusterRestore(target(name),
                Backups.forTarget(vertx, clock, target(name))));
        CodeRevertStrategy codeRevert = new CodeRevertStrategy(vertx, name -> StrategySettings.codeRevert(target(name)));
        RollbackVerifier verifier = new RollbackVerification(config, journal, decisions, snapshots, checks);
        // read_only and freeze contain an incident rather than end it: the breach they answer still stands.
        List<RollbackStrategy> strategies = List.of(readOnly, new FreezeStrategy(),
                new VerifiedStrategy(branchSwap, verifier), new VerifiedStrategy(codeRevert, verifier),
                new VerifiedStrategy(new FullRollbackStrategy(readOnly, branchSwap, codeRevert), verifier),
                new VerifiedStrategy(new FeatureFlagStrategy(vertx, name -> StrategySettings.featureFlag(target(name))),
                        verifier),
                new VerifiedStrategy(new DownMigrationStrategy(vertx, name -> StrategySettings.downMigration(target(name),
                        Backups.forTarget(vertx, clock, target(name)))), verifier));
        this.executor = new RollbackExecutor(vertx, clock, journal, strategies,
                name -> Connections.options(target(name).connection(), target(name).session()));
        this.executor.onOutcome(this::observe);
        this.port = new DecisionRollbacks(journal, executor, decision -> request(decision.target(), decision));
    }

    /** Who hears that a rollback answering an incident verified (the decider, which closes the incident). */
    public void onVerified(BiFunction<String, String, Future<Void>> incidentAndRollback) {
        this.verified = incidentAndRollback;
    }

    /** Where the judge hands decisions. */
    public RollbackPort port() {
        return port;
    }

    /**
     * At start-up: rollbacks that were running when the last Warden stopped are resumed, or marked
     * needs_attention, one after the other. One that cannot even be resumed (its target unreachable)
     * stays running in the journal and pages a human, with the lift command if it left the target read-only.
     */
    public Future<Void> resumeUnfinished() {
        return journal.unfinished().compose(ids -> {
            Future<Void> chain = Future.succeededFuture();
            for (String id : ids) {
                chain = chain.compose(v -> executor.resume(id)
                        .onSuccess(o -> log.warn("Rollback {} was unfinished at start-up: now {} ({})", o.rollbackId(),
                                o.status(), o.summary()))
                        .<Void>mapEmpty()
                        .recover(e -> stuck(id, e.getMessage())));
            }
            return chain;
        });
    }

    /**
     * A cluster node that gained {@code target} (issue 16): resumes the rollback of it that a node which
     * died left running in the journal. Answers false when another Warden still holds the target's fence
     * (the old owner hung, or lost the target while its rollback goes on): that one finishes it, or the
     * caller asks again later; nothing is paged for that.
     */
    public Future<Boolean> resumeUnfinishedOf(String target) {
        return journal.unfinished().compose(ids -> {
            Future<Boolean> chain = Future.succeededFuture(true);
            for (String id : ids) {
                chain = chain.compose(done -> journal.load(id).compose(found -> {
                    if (found.isEmpty() || !found.get().target().equals(target)) {
                        return Future.succeededFuture(done);
                    }
                    return executor.resume(id)
                            .onSuccess(o -> log.warn("Rollback {} of {} was left running by another node: now {} ({})",
                                    o.rollbackId(), target, o.status(), o.summary()))
                            .map(o -> done)
                            .recover(e -> {
                                if (e instanceof WardenException w && w.code() == ErrorCode.BUSY) {
                                    log.info("Rollback {} of {} is still running on another Warden: {}", id, target,
                                            e.getMessage());
                                    return Future.succeededFuture(false);
                                }
                                return stuck(id, e.getMessage()).map(done);
                            });
                }));
            }
            return chain;
        });
    }

    /**
     * At start-up: rollbacks planned and never started because their Warden stopped in between. An
     * operator's ends failed with why (nothing was changed; they execute it again if still wanted);
     * a decision's is answered by the decider, which gets the decisions' ids.
     */
    public Future<List<String>> unstartedDecisions() {
        return journal.unstarted(started).compose(this::answerUnstarted);
    }

    /**
     * For a cluster node that gained {@code target} (issue 16): like {@link #unstartedDecisions}, for the
     * rollbacks of that target only, planned before {@code before} by the node that owned it. Those of
     * the other targets are their owners' to answer.
     */
    public Future<List<String>> unstartedDecisionsOf(String target, Instant before) {
        return journal.unstarted(before).compose(unstarted -> {
            List<Future<Optional<Journal.Unstarted>>> ofTarget = unstarted.stream().map(rollback -> journal
                    .load(rollback.rollbackId())
                    .map(found -> found.filter(r -> r.target().equals(target)).map(r -> rollback))).toList();
            return Future.all(ofTarget).map(all -> ofTarget.stream().map(Future::result).flatMap(Optional::stream).toList());
        }).compose(this::answerUnstarted);
    }

    private Future<List<String>> answerUnstarted(List<Journal.Unstarted> unstarted) {
        List<String> decisionIds = new ArrayList<>();
        List<Future<Boolean>> ended = new ArrayList<>();
        unstarted.forEach(rollback -> {
            if (rollback.decisionId() != null) {
                decisionIds.add(rollback.decisionId());
            } else {
                log.warn("Rollback {} was planned and never started: its Warden stopped first", rollback.rollbackId());
                ended.add(journal.endUnstarted(rollback.rollbackId(), RollbackStatus.FAILED, "never started: the"
                        + " Warden that planned it stopped before starting it; nothing was changed; plan and"
                        + " execute it again if it is still wanted"));
            }
        });
        return Future.all(ended).map(decisionIds);
    }

    private Future<Void> stuck(String rollbackId, String why) {
        log.error("Could not resume rollback {}: {}", rollbackId, why);
        return journal.load(rollbackId).compose(found -> found.map(rollback -> {
            ended.forEach(listener -> listener.accept(rollback.target()));
            return needsAttention.page(rollback, "could not be resumed after a restart (" + why + "); it stays running"
                    + " in the journal", List.of());
        }).orElse(Future.succeededFuture())).otherwise(e -> null);
    }

    /**
     * A plan that lifts the read-only a target's database imposes ({@code read_only}, or a
     * {@code full_rollback} that stopped before its own lift): a {@code read_only} rollback with
     * {@code lift} set, journaled and fenced like any other when executed. Built, not yet run.
     */
    public Future<RollbackPlan> planLift(String target) {
        return Future.succeededFuture(target).compose(name -> {
            TargetConfig config = target(name);
            return executor.strategy(StrategyKind.READ_ONLY).orElseThrow().plan(RollbackRequest.of(name,
                    Connections.options(config.connection(), config.session()), null, null,
                    RollbackOptions.defaults().withCriticalTables(config.criticalTables()).lifting(), clock));
        });
    }

    /**
     * Told the target of every rollback (or lift) that ended, whoever started it, as it ends (before its
     * incident closes): to look at the target again.
     */
    public void onEnded(Consumer<String> target) {
        ended.add(target);
    }

    /** A plan for {@code strategy} on {@code target}, built but neither journaled nor run. */
    public Future<RollbackPlan> plan(String target, StrategyKind strategy) {
        RollbackStrategy chosen = executor.strategy(strategy).orElseThrow(() -> new WardenException(ErrorCode.BAD_USAGE,
                "this Warden has no " + strategy.name().toLowerCase() + " strategy"));
        return request(target, null).compose(chosen::plan);
    }

    public Future<RollbackOutcome> execute(RollbackPlan plan) {
        return executor.execute(plan);
    }

    public Future<RollbackOutcome> approve(String rollbackId) {
        return executor.approve(rollbackId);
    }

    public Future<Optional<JournaledRollback>> find(String rollbackId) {
        return journal.load(rollbackId);
    }

    public Future<List<JournaledRollback>> recent(int limit) {
        return journal.recent(limit).compose(ids -> {
            List<Future<Optional<JournaledRollback>>> loads = ids.stream().map(journal::load).toList();
            return Future.all(loads).map(all -> {
                List<JournaledRollback> found = new ArrayList<>();
                loads.forEach(load -> load.result().ifPresent(found::add));
                return found;
            });
        });
    }

    private Future<RollbackRequest> request(String targetName, Decision decision) {
        TargetConfig target = target(targetName);
        RollbackOptions options = RollbackOptions.defaults().withCriticalTables(target.criticalTables());
        return snapshots.newestVerifiedBackup(targetName).compose(backup -> snapshotCounts(targetName, backup.orElse(null))
                .map(counts -> RollbackRequest.of(targetName, Connections.options(target.connection(), target.session()),
                        decision, backup.orElse(null), options, clock).withSnapshotCounts(counts)));
    }

    /**
     * For a backup that carries no counts (a dump), the exact counts of the snapshot it belongs to,
     * taken right before it: what its plans measure their data impact by. Null otherwise.
     */
    private Future<SnapshotCounts> snapshotCounts(String target, Backup backup) {
        if (backup == null || !backup.rowCounts().isEmpty()) {
            return Future.succeededFuture();
        }
        return snapshots.withBackup(target, backup.location()).map(found -> found.map(snapshot -> new SnapshotCounts(
                snapshot.id(), snapshot.takenAt(), RowCounter.toTableCounts(snapshot.rows()).rows())).orElse(null));
    }

    private TargetConfig target(String name) {
        return config.target(name).orElseThrow(() -> new WardenException(ErrorCode.NOT_FOUND,
                "no target named \"" + name + "\""));
    }

    /**
     * A verified rollback ends the incident it answers. read_only and freeze contain an incident
     * rather than end it: the breach they answer still stands.
     */
    private Future<Void> closeIncident(RollbackOutcome outcome, JournaledRollback rollback, Decision decision) {
        boolean verifies = rollback.strategy() != StrategyKind.READ_ONLY && rollback.strategy() != StrategyKind.FREEZE;
        if (!outcome.succeeded() || !verifies || decision == null || decision.incidentId() == null) {
            return Future.succeededFuture();
        }
        return verified.apply(decision.incidentId(), rollback.id());
    }

    /**
     * Every outcome, whoever started the rollback: counted, timed, judged against its decision's budget;
     * one that did not succeed pages a human with what the journal says.
     */
    private void observe(String target, RollbackOutcome outcome) {
        ended.forEach(listener -> listener.accept(target));
        if (!outcome.succeeded() && outcome.status() != RollbackStatus.PLANNED) {
            journal.load(outcome.rollbackId()).compose(found -> found.map(rollback -> needsAttention.page(rollback,
                            "ended " + outcome.status().journalName() + ": " + outcome.summary(), outcome.evidence()))
                    .orElse(Future.succeededFuture()));
        }
        journal.load(outcome.rollbackId())
                // A lift is not a rollback: it gives back what one took and is not counted as one.
                .compose(found -> found.filter(rollback -> !rollback.options().lift()).map(rollback -> rollback.decisionId() == null
                        ? Future.succeededFuture(metrics.record(rollback, null))
                        : decisions.find(rollback.decisionId()).compose(decision -> {
                            metrics.record(rollback, decision.orElse(null));
                            return closeIncident(outcome, rollback, decision.orElse(null));
                        }))
                        .orElse(Future.succeededFuture()))
                .onFailure(e -> log.warn("Could not record the metrics of rollback {}: {}", outcome.rollbackId(), e.getMessage()));
    }
}
