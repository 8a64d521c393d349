package dev.warden.checks.builtin;

import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.config.CorruptionConfig;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code corruption}: amcheck over btree indexes and tables (see {@link RelationVerifier}) for at most
 * the time budget per run, carrying on after the last relation the previous run reached (a
 * {@link Rotation} kept in this instance, which serves one target), so that a large database is
 * covered over several runs (see {@link RelationWalk}); plus new data checksum failures of the current
 * database. Corruption is DATA_CORRUPTION, CRITICAL, reported by the run that finds it. Without the
 * amcheck extension the run is inconclusive and says how to enable it.
 */
public final class CorruptionCheck extends BuiltInCheck {
    public static final String NAME = "corruption";
    /** Measurement: corrupt relations found plus new checksum failures, this run. */
    public static final String CORRUPTION_ERRORS = "corruption_errors";
    /** At most this many relations are listed in the evidence, those not verified first. */
    static final int MAX_LISTED = 50;
    private static final Comparator<Verification> PROBLEMS_FIRST = Comparator.comparingInt(v ->
            v.outcome() == Verification.Outcome.CORRUPT ? 0 : v.outcome() == Verification.Outcome.VERIFIED ? 2 : 1);

    private final CorruptionConfig config;
    private final Rotation rotation = new Rotation();
    private volatile long checksumFailuresSeen;

    public CorruptionCheck(CorruptionConfig config) {
        super(NAME);
        this.config = config;
    }

    @Override
    public Future<CheckResult> run(CheckContext context) {
        long deadline = System.nanoTime() + config.timeBudget().toNanos();
        SqlClient client = context.pool();
        return ChecksumFailures.read(client).compose(checksums -> Amcheck.find(client).compose(amcheck -> {
            long newFailures = Math.max(0, checksums.failures() - checksumFailuresSeen);
            checksumFailuresSeen = checksums.failures();
            if (amcheck.isEmpty()) {
                Map<String, Object> evidence = Evidence.of("amcheck", "not installed",
                        "checksum_failures", checksums.failures(), "new_checksum_failures", newFailures);
                return Future.succeededFuture(newFailures > 0 ? checksumBreach(context, newFailures, evidence)
                        : CheckResult.inconclusive(NAME, context.now(), "the amcheck extension is not installed in this"
                        + " database: " + Amcheck.HOW_TO_ENABLE, evidence));
            }
            return VerifiableRelation.count(client, amcheck.get().heapCheck())
                    .compose(total -> RelationWalk.walk(client, amcheck.get(), rotation, context.clock(), deadline)
                            .map(walked -> judge(context, amcheck.get(), total, walked, checksums, newFailures)));
        }));
    }

    private CheckResult judge(CheckContext context, Amcheck amcheck, long total, RelationWalk.Walked walked,
                              ChecksumFailures checksums, long newChecksumFailures) {
        List<Verification> done = walked.verifications();
        Rotation.Progress progress = rotation.progress();
        Map<String, Object> evidence = Evidence.of("amcheck_version", amcheck.version(),
                "heap_check", amcheck.heapCheck(), "relations_total", total, "relations_this_run", done.size(),
                "time_budget_ms", config.timeBudget().toMillis(), "outcomes", countByOutcome(done),
                "checked", done.stream().sorted(PROBLEMS_FIRST).limit(MAX_LISTED).map(Verification::toEvidence).toList(),
                "resumed_after_oid", walked.resumedAfter(), "stopped_at_oid", walked.stoppedAt(),
                "pass_relations_done", progress.passDone(), "pass_percent", progress.percentOf(total),
                "full_passes_completed", progress.fullPasses(),
                "last_full_pass_completed_at", progress.lastFullPass() == null ? null : progress.lastFullPass().toString(),
                "data_checksums", checksums.checksumsEnabled(), "checksum_failures", checksums.failures(),
                "new_checksum_failures", newChecksumFailures, "checksum_last_failure", checksums.lastFailure());
        List<Verification> corrupt = done.stream().filter(v -> v.outcome() == Verification.Outcome.CORRUPT).toList();
        return verdict(context, walked, corrupt, total, newChecksumFailures, progress, evidence)
                .withMeasurements(Map.of(CORRUPTION_ERRORS, (double) corrupt.size() + newChecksumFailures));
    }

    private CheckResult verdict(CheckContext context, RelationWalk.Walked walked, List<Verification> corrupt, long total,
                                long newChecksumFailures, Rotation.Progress progress, Map<String, Object> evidence) {
        List<Verification> done = walked.verifications();
        if (!corrupt.isEmpty()) {
            Verification first = corrupt.get(0);
            return CheckResult.breach(NAME, context.now(), IssueType.DATA_CORRUPTION, Severity.CRITICAL,
                    first.relation().kind().name().toLowerCase() + " " + first.relation().name() + " is corrupt: "
                            + first.detail() + (corrupt.size() > 1 ? " (and " + (corrupt.size() - 1) + " more)" : ""),
                    evidence);
        }
        if (newChecksumFailures > 0) {
            return checksumBreach(context, newChecksumFailures, evidence);
        }
        if (done.isEmpty()) {
            return total == 0 ? CheckResult.ok(NAME, context.now(), "no index or table to verify", evidence)
                    : CheckResult.inconclusive(NAME, context.now(), "no relation could be verified this run: the "
                    + total + " counted were dropped before their turn", evidence);
        }
        long verified = done.stream().filter(v -> v.outcome() == Verification.Outcome.VERIFIED).count();
        if (verified == 0) {
            return CheckResult.inconclusive(NAME, context.now(), "no relation could be verified this run: "
                    + done.get(0).relation().name() + " " + done.get(0).outcome() + " " + done.get(0).detail(), evidence);
        }
        return CheckResult.ok(NAME, context.now(), "verified " + verified + " of " + done.size()
                + " relations checked this run (" + total + " in all); " + passSummary(walked.passCompleted(), progress, total), evidence);
    }

    /** Where the rotation stands, in words: what the evidence's pass keys say. */
    private static String passSummary(boolean passCompleted, Rotation.Progress progress, long total) {
        if (passCompleted) {
            return "full pass completed at " + progress.lastFullPass();
        }
        return "this pass at " + progress.passDone() + " of " + total + " (" + progress.percentOf(total) + "%), "
                + (progress.lastFullPass() == null ? "no full pass completed yet"
                : "last full pass completed at " + progress.lastFullPass());
    }

    private static Map<String, Long> countByOutcome(List<Verification> done) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Verification.Outcome outcome : Verification.Outcome.values()) {
            long count = done.stream().filter(v -> v.outcome() == outcome).count();
            if (count > 0) {
                counts.put(outcome.name(), count);
            }
        }
        return counts;
    }

    private static CheckResult checksumBreach(CheckContext context, long newFailures, Map<String, Object> evidence) {
        return CheckResult.breach(NAME, context.now(), IssueType.DATA_CORRUPTION, Severity.CRITICAL,
                newFailures + " new data checksum failures in this database (pg_stat_database.checksum_failures)",
                evidence);
    }
}
