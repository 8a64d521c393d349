package dev.warden.checks.builtin;

import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.config.CorruptionConfig;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code corruption}: amcheck over btree indexes and tables (see {@link RelationVerifier}) for at most
 * the time budget per run, carrying on after the last relation the previous run reached (a cursor
 * kept in this instance), so that a large database is covered over several runs; plus new data
 * checksum failures of the current database. Corruption is DATA_CORRUPTION, CRITICAL. Without the
 * amcheck extension the run is inconclusive and says how to enable it.
 */
public final class CorruptionCheck extends BuiltInCheck {
    public static final String NAME = "corruption";
    /** Measurement: corrupt relations found plus new checksum failures, this run. */
    public static final String CORRUPTION_ERRORS = "corruption_errors";
    private static final Duration MIN_STATEMENT_LIMIT = Duration.ofSeconds(1);

    private final CorruptionConfig config;
    private volatile long cursor;
    private volatile long checksumFailuresSeen;

    public CorruptionCheck(CorruptionConfig config) {
        super(NAME);
        this.config = config;
    }

    @Override
    public Future<CheckResult> run(CheckContext context) {
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
            return VerifiableRelation.list(client, amcheck.get().heapCheck())
                    .compose(relations -> verifyInTurn(client, amcheck.get(), inRotation(relations)).map(done ->
                            judge(context, amcheck.get(), relations.size(), done, checksums, newFailures)));
        }));
    }

    /** Relations after the cursor first, then from the start up to it. */
    private List<VerifiableRelation> inRotation(List<VerifiableRelation> relations) {
        long from = cursor;
        return Stream.concat(relations.stream().filter(r -> r.oid() > from),
                relations.stream().filter(r -> r.oid() <= from)).toList();
    }

    /** One relation at a time, until the budget is spent; the first one always runs. */
    private Future<List<Verification>> verifyInTurn(SqlClient client, Amcheck amcheck, List<VerifiableRelation> queue) {
        long deadline = System.nanoTime() + config.timeBudget().toNanos();
        Future<List<Verification>> chain = Future.succeededFuture(new ArrayList<>());
        for (VerifiableRelation relation : queue) {
            chain = chain.compose(done -> {
                long remaining = deadline - System.nanoTime();
                if (!done.isEmpty() && remaining <= 0) {
                    return Future.succeededFuture(done);
                }
                Duration limit = Duration.ofNanos(Math.max(remaining, MIN_STATEMENT_LIMIT.toNanos()));
                return RelationVerifier.verify(client, amcheck, relation, limit).map(verification -> {
                    done.add(verification);
                    cursor = relation.oid();
                    return done;
                });
            });
        }
        return chain;
    }

    private CheckResult judge(CheckContext context, Amcheck amcheck, int total, List<Verification> done,
                              ChecksumFailures checksums, long newChecksumFailures) {
        Map<String, Object> evidence = Evidence.of("amcheck_version", amcheck.version(),
                "heap_check", amcheck.heapCheck(), "relations_total", total, "relations_this_run", done.size(),
                "time_budget_ms", config.timeBudget().toMillis(),
                "checked", done.stream().map(Verification::toEvidence).toList(),
                "data_checksums", checksums.checksumsEnabled(), "checksum_failures", checksums.failures(),
                "new_checksum_failures", newChecksumFailures, "checksum_last_failure", checksums.lastFailure());
        List<Verification> corrupt = done.stream().filter(v -> v.outcome() == Verification.Outcome.CORRUPT).toList();
        return verdict(context, done, corrupt, total, newChecksumFailures, evidence)
                .withMeasurements(Map.of(CORRUPTION_ERRORS, (double) corrupt.size() + newChecksumFailures));
    }

    private CheckResult verdict(CheckContext context, List<Verification> done, List<Verification> corrupt, int total,
                                long newChecksumFailures, Map<String, Object> evidence) {
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
        long verified = done.stream().filter(v -> v.outcome() == Verification.Outcome.VERIFIED).count();
        if (total > 0 && verified == 0) {
            return CheckResult.inconclusive(NAME, context.now(), "no relation could be verified this run: "
                    + done.get(0).relation().name() + " " + done.get(0).outcome() + " " + done.get(0).detail(), evidence);
        }
        return CheckResult.ok(NAME, context.now(), total == 0 ? "no index or table to verify"
                : "verified " + verified + " of " + done.size() + " relations checked this run (" + total + " in all)",
                evidence);
    }

    private static CheckResult checksumBreach(CheckContext context, long newFailures, Map<String, Object> evidence) {
        return CheckResult.breach(NAME, context.now(), IssueType.DATA_CORRUPTION, Severity.CRITICAL,
                newFailures + " new data checksum failures in this database (pg_stat_database.checksum_failures)",
                evidence);
    }
}
