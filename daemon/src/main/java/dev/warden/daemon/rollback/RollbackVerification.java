package dev.warden.daemon.rollback;

import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.schema.SchemaChange;
import dev.warden.checks.schema.SchemaDiff;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.checks.schema.SchemaFingerprint;
import dev.warden.checks.schema.SchemaReader;
import dev.warden.config.SnapshotConfig;
import dev.warden.config.StrategyKind;
import dev.warden.config.WardenConfig;
import dev.warden.rollback.decision.DecisionStore;
import dev.warden.daemon.check.TargetChecks;
import dev.warden.daemon.snapshot.LatestSnapshot;
import dev.warden.daemon.snapshot.SnapshotStore;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.RowCounter;
import dev.warden.rollback.backup.TableCounts;
import dev.warden.rollback.backup.Verification;
import dev.warden.rollback.decision.Decision;
import dev.warden.rollback.engine.Journal;
import dev.warden.rollback.engine.JournaledRollback;
import dev.warden.rollback.engine.RollbackVerifier;
import dev.warden.rollback.engine.StepContext;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The daemon's verdict on a finished rollback. A restore is compared with the snapshot whose
 * backup it restored: the schema object by object, and the backup's exact row counts (exactly
 * equal while a full rollback still keeps writes stopped; after a plain swap clients write again,
 * so a difference is reported, not judged). The check whose breach made the decision is run again
 * until it passes or the decision's time budget is spent (at least {@link #MIN_WAIT}): a code
 * revert or a flag takes a moment to show. Whatever could not be compared fails the verification.
 */
final class RollbackVerification implements RollbackVerifier {
    static final Duration MIN_WAIT = Duration.ofSeconds(5);
    private static final long RETRY_MILLIS = 1000;
    private static final Set<StrategyKind> RESTORES = Set.of(StrategyKind.BRANCH_SWAP, StrategyKind.FULL_ROLLBACK);
    private static final int CHANGES_SHOWN = 10;

    private final WardenConfig config;
    private final Journal journal;
    private final DecisionStore decisions;
    private final SnapshotStore snapshots;
    private final Function<String, Optional<TargetChecks>> checks;

    RollbackVerification(WardenConfig config, Journal journal, DecisionStore decisions, SnapshotStore snapshots,
                         Function<String, Optional<TargetChecks>> checks) {
        this.config = config;
        this.journal = journal;
        this.decisions = decisions;
        this.snapshots = snapshots;
        this.checks = checks;
    }

    @Override
    public Future<Verification> verify(StrategyKind strategy, StepContext ctx) {
        List<String> evidence = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        return compareWithSnapshot(strategy, ctx, evidence, problems)
                .compose(v -> recheckTrigger(ctx, evidence, problems))
                .map(v -> {
                    List<String> all = new ArrayList<>(evidence);
                    all.addAll(problems);
                    return problems.isEmpty() ? Verification.passed("the rollback is verified", all)
                            : Verification.failed("the rollback is not verified: " + String.join("; ", problems), all);
                });
    }

    private Future<Void> compareWithSnapshot(StrategyKind strategy, StepContext ctx, List<String> evidence,
                                             List<String> problems) {
        Backup backup = ctx.request().backup();
        if (!RESTORES.contains(strategy) || backup == null) {
            evidence.add("snapshot: " + strategy.name().toLowerCase() + " restores none to compare with");
            return Future.succeededFuture();
        }
        String target = ctx.request().target();
        return snapshots.withBackup(target, backup.location()).compose(found -> {
            if (found.isEmpty()) {
                problems.add("snapshot: none holds backup " + backup.location() + ", so the schema is not verified");
                return Future.succeededFuture();
            }
            SnapshotConfig settings = config.target(target).orElseThrow().snapshots();
            SchemaFilter filter = new SchemaFilter(settings.includeSchemas(), settings.excludeSchemas());
            return found.get().schema().fingerprint().compose(expected -> ctx.onTarget(c -> SchemaReader.read(c, filter)
                    .map(schema -> compareSchema(found.get(), expected, schema, evidence, problems))
                    .compose(v -> RowCounter.count(c, List.copyOf(backup.rowCounts().keySet()))))
                    .map(counts -> compareRows(strategy, backup, counts, evidence, problems)));
        });
    }

    private static Void compareSchema(LatestSnapshot snapshot, SchemaFingerprint expected, SchemaFingerprint schema,
                                      List<String> evidence, List<String> problems) {
        List<SchemaChange> changes = SchemaDiff.between(expected, schema);
        if (!schema.skipped().isEmpty()) {
            problems.add("schema: not read under a lock: " + String.join(", ", schema.skipped()));
        } else if (changes.isEmpty()) {
            evidence.add("verified: the schema is snapshot " + snapshot.id() + "'s (" + schema.hash() + ")");
        } else {
            problems.add("schema: " + changes.size() + " difference(s) from snapshot " + snapshot.id() + ": "
                    + changes.stream().limit(CHANGES_SHOWN).map(SchemaChange::toString).toList());
        }
        return null;
    }

    /** Exactly the backup's counts while writes are stopped; after a plain swap, clients may have written. */
    private static Void compareRows(StrategyKind strategy, Backup backup, TableCounts counts, List<String> evidence,
                                    List<String> problems) {
        boolean writesStopped = strategy == StrategyKind.FULL_ROLLBACK;
        if (backup.rowCounts().isEmpty()) {
            evidence.add("rows: the " + backup.kind() + " backup holds no counts to compare with");
        }
        backup.rowCounts().forEach((table, expected) -> {
            Long rows = counts.rows().get(table);
            if (expected.equals(rows)) {
                evidence.add("verified: " + table + " " + rows + " = " + expected + " in the restored backup");
            } else if (rows == null) {
                problems.add("rows: " + table + " could not be counted (" + counts.skipped().get(table) + ")");
            } else if (writesStopped) {
                problems.add("rows: " + table + " " + rows + ", " + expected + " in the restored backup");
            } else {
                evidence.add("rows: " + table + " " + rows + " now, " + expected + " restored; clients write again");
            }
        });
        return null;
    }

    private Future<Void> recheckTrigger(StepContext ctx, List<String> evidence, List<String> problems) {
        return journal.load(ctx.rollbackId())
                .map(found -> found.map(JournaledRollback::decisionId))
                .compose(id -> id.isPresent() ? decisions.find(id.get()) : Future.succeededFuture(Optional.<Decision>empty()))
                .compose(decision -> {
                    if (decision.isEmpty()) {
                        evidence.add("check: no decision asked for this rollback, so there is no breach to re-run");
                        return Future.succeededFuture();
                    }
                    Optional<TargetChecks> targetChecks = checks.apply(ctx.request().target());
                    if (targetChecks.isEmpty()) {
                        problems.add("check " + decision.get().check() + ": this Warden does not watch "
                                + ctx.request().target());
                        return Future.succeededFuture();
                    }
                    Instant now = ctx.clock().instant();
                    Instant until = decision.get().deadline().isAfter(now.plus(MIN_WAIT)) ? decision.get().deadline()
                            : now.plus(MIN_WAIT);
                    return recheck(ctx, targetChecks.get(), decision.get().check(), until, 1).map(last -> {
                        CheckResult result = last.result();
                        String line = "check " + result.check() + " " + result.status().name().toLowerCase() + " on run "
                                + last.runs() + " after the rollback: " + result.summary();
                        (result.status() == CheckStatus.OK ? evidence : problems).add(line);
                        return null;
                    });
                });
    }

    /** Runs the check until it passes or {@code until}; the last run is the verdict. */
    private Future<Rechecked> recheck(StepContext ctx, TargetChecks targetChecks, String check, Instant until, int run) {
        return targetChecks.recheck(check).compose(result -> {
            if (result.status() == CheckStatus.OK || !ctx.clock().instant().isBefore(until)) {
                return Future.succeededFuture(new Rechecked(result, run));
            }
            return ctx.vertx().timer(RETRY_MILLIS, TimeUnit.MILLISECONDS)
                    .compose(t -> recheck(ctx, targetChecks, check, until, run + 1));
        });
    }

    private record Rechecked(CheckResult result, int runs) {
    }
}
