package dev.warden.checks.builtin;

import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.config.IssueType;
import dev.warden.config.LaggingSequencesConfig;
import dev.warden.config.Severity;
import dev.warden.postgres.Failures;
import dev.warden.postgres.SqlState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code lagging_sequences}: a sequence owned by a column (serial, identity) whose next value the column
 * already holds, typically after a data copy or restore that brought rows but not the sequence: the next
 * insert relying on the default fails with a duplicate key. The column's maximum is a table read, so it
 * is bounded: only columns leading a valid btree index are read (one index lookup), each read under
 * {@code query_timeout} and a 100 ms lock_timeout, at most {@code max_sequences} reads and half the
 * run's timeout per run, the next run carrying on after the last sequence read (a cursor kept in this
 * instance). Sequences whose sequence, table, partitions or indexes a migration locks are skipped.
 * Everything not read is reported, with why. A breach is QUERY_ERRORS, MEDIUM: inserts fail until a
 * human runs the setval the summary gives; no rollback or code revert repairs a sequence (the default
 * matrix acts on query_errors only from high).
 */
public final class LaggingSequencesCheck extends BuiltInCheck {
    public static final String NAME = "lagging_sequences";
    private static final String BOUNDS = "SET LOCAL statement_timeout = '%dms'; SET LOCAL lock_timeout = '100ms';\n";

    private final LaggingSequencesConfig config;
    private final SchemaFilter filter;
    private volatile long cursor;

    public LaggingSequencesCheck(LaggingSequencesConfig config, SchemaFilter filter) {
        super(NAME);
        this.config = config;
        this.filter = filter;
    }

    /** What reading one sequence gave: a finding, a skip reason, or a clean comparison. */
    private record Read(OwnedSequence sequence, ValidationScope.Finding finding, String skipped) {
    }

    @Override
    public Future<CheckResult> run(CheckContext context) {
        SqlClient client = context.pool();
        return OwnedSequence.list(client, ValidationScope.schemas(filter)).compose(all -> {
            List<Map<String, Object>> skipped = new ArrayList<>();
            List<OwnedSequence> readable = new ArrayList<>();
            for (OwnedSequence sequence : all) {
                String why = sequence.whyNotRead();
                if (why == null) {
                    readable.add(sequence);
                } else {
                    skipped.add(ValidationScope.skipped(sequence.object(), why));
                }
            }
            return readInTurn(client, inRotation(readable)).map(reads -> judge(context, all.size(), readable, reads,
                    skipped));
        });
    }

    /** Sequences after the cursor first, then from the start up to it. */
    private List<OwnedSequence> inRotation(List<OwnedSequence> sequences) {
        long from = cursor;
        return Stream.concat(sequences.stream().filter(s -> s.oid() > from),
                sequences.stream().filter(s -> s.oid() <= from)).toList();
    }

    private Future<List<Read>> readInTurn(SqlClient client, List<OwnedSequence> queue) {
        long deadline = System.nanoTime() + config.schedule().timeout().toNanos() / 2;
        Future<List<Read>> chain = Future.succeededFuture(new ArrayList<>());
        for (OwnedSequence sequence : queue) {
            chain = chain.compose(done -> {
                if (done.size() >= config.maxSequences() || (!done.isEmpty() && System.nanoTime() > deadline)) {
                    return Future.succeededFuture(done);
                }
                return read(client, sequence).map(read -> {
                    done.add(read);
                    cursor = sequence.oid();
                    return done;
                });
            });
        }
        return chain;
    }

    private Future<Read> read(SqlClient client, OwnedSequence sequence) {
        return client.query(BOUNDS.formatted(config.queryTimeout().toMillis()) + sequence.probe()).execute()
                .map(result -> compare(sequence, RelationVerifier.last(result).iterator().next()))
                .recover(failure -> RelationVerifier.connectionFailed(failure) ? Future.failedFuture(failure)
                        : Future.succeededFuture(new Read(sequence, null, unread(failure))));
    }

    private static Read compare(OwnedSequence sequence, Row row) {
        Long columnValue = row.getLong("column_value");
        Long lastValue = row.getLong("last_value");
        long next = sequence.nextValue(lastValue);
        if (columnValue == null || !sequence.collides(next, columnValue)) {
            return new Read(sequence, null, null);
        }
        String summary = "sequence " + sequence.sequence() + " is behind " + sequence.table() + "." + sequence.column()
                + ": its next value " + next + (sequence.increment() > 0 ? " is at most the column's maximum "
                : " is at least the column's minimum ") + columnValue + ", so the next insert collides: "
                + sequence.repair();
        return new Read(sequence, new ValidationScope.Finding(summary, Evidence.of("sequence", sequence.sequence(),
                "table", sequence.table(), "column", sequence.column(), "last_value", lastValue, "next_value", next,
                sequence.increment() > 0 ? "column_max" : "column_min", columnValue,
                "increment", sequence.increment(), "repair", sequence.repair())), null);
    }

    private static String unread(Throwable failure) {
        String state = Failures.sqlState(failure);
        if (SqlState.QUERY_CANCELED.equals(state)) {
            return "not read within query_timeout";
        }
        if (SqlState.LOCK_NOT_AVAILABLE.equals(state)) {
            return "locked: " + Failures.describe(failure);
        }
        return Failures.describe(failure);
    }

    private CheckResult judge(CheckContext context, int total, List<OwnedSequence> readable, List<Read> reads,
                              List<Map<String, Object>> skipped) {
        List<ValidationScope.Finding> found = new ArrayList<>();
        int compared = 0;
        for (Read read : reads) {
            if (read.skipped() != null) {
                skipped.add(ValidationScope.skipped(read.sequence().object(), read.skipped()));
            } else {
                compared++;
                if (read.finding() != null) {
                    found.add(read.finding());
                }
            }
        }
        int deferred = readable.size() - reads.size();
        if (deferred > 0) {
            skipped.add(ValidationScope.skipped(deferred + " more sequences", "beyond max_sequences ("
                    + config.maxSequences() + ") or half the timeout this run; the next run carries on"));
        }
        return ValidationScope.verdict(NAME, context.now(), IssueType.QUERY_ERRORS, Severity.MEDIUM,
                compared + " of " + total + " owned sequences compared with their column, none behind", compared == 0,
                found, skipped, Evidence.of("sequences_total", total, "compared", compared,
                        "max_sequences", config.maxSequences(), "query_timeout_ms", config.queryTimeout().toMillis()));
    }
}
