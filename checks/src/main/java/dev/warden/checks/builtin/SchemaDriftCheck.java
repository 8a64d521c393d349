package dev.warden.checks.builtin;

import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.ExpectedSchema;
import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.migrations.MigrationRecord;
import dev.warden.checks.schema.CatalogChanges;
import dev.warden.checks.schema.SchemaChange;
import dev.warden.checks.schema.SchemaDiff;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.checks.schema.SchemaFingerprint;
import dev.warden.checks.schema.SchemaReader;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code schema_drift}: the live schema against the expected one. A difference is explained, and
 * not a breach, when a migration is in progress or when the latest migration with a time was applied
 * after the expected schema was taken (the daemon then advances the expected schema). Any other
 * difference is SCHEMA_MISMATCH, HIGH. Objects skipped because a migration locks them are not
 * compared (see {@link SchemaDiff}).
 */
public final class SchemaDriftCheck extends BuiltInCheck {
    public static final String NAME = "schema_drift";
    private static final int MAX_LISTED_CHANGES = 50;

    /** However quiet the catalog looks, the fingerprint is read in full at least this often. */
    static final Duration FULL_READ_EVERY = Duration.ofHours(1);

    private final SchemaFilter filter;
    private volatile Quiet quiet;

    public SchemaDriftCheck(SchemaFilter filter) {
        super(NAME);
        this.filter = filter;
    }

    @Override
    public Future<CheckResult> run(CheckContext context) {
        Optional<ExpectedSchema> expected = context.baseline().expectedSchema();
        if (expected.isEmpty()) {
            return Future.succeededFuture(CheckResult.inconclusive(NAME, context.now(),
                    "no expected schema yet: it comes with the first snapshot"));
        }
        return CatalogChanges.signal(context.pool()).<Long>map(signal -> signal).otherwise((Long) null)
                .compose(signal -> {
                    Quiet last = quiet;
                    if (last != null && last.stillHolds(signal, expected.get(), context.now())) {
                        return Future.succeededFuture(last.repeat(context.now()));
                    }
                    return fingerprint(context, expected.get()).onSuccess(result -> quiet =
                            signal != null && result.status() == CheckStatus.OK
                                    ? new Quiet(signal, expected.get(), result, context.now()) : null);
                });
    }

    /**
     * An OK verdict, and the catalog signal it was measured at: while the signal and the expected
     * schema stay the same, the live schema has not changed, and neither has the verdict. A breach is
     * never reused: it is measured afresh every time, as it may lead to a rollback.
     */
    private record Quiet(long signal, ExpectedSchema expected, CheckResult verdict, Instant measuredAt) {
        boolean stillHolds(Long now, ExpectedSchema currentlyExpected, Instant at) {
            return now != null && now == signal && currentlyExpected.equals(expected)
                    && at.isBefore(measuredAt.plus(FULL_READ_EVERY));
        }

        CheckResult repeat(Instant at) {
            Map<String, Object> evidence = new java.util.LinkedHashMap<>(verdict.evidence());
            evidence.put("catalog_unchanged_since", measuredAt.toString());
            return CheckResult.ok(NAME, at, verdict.summary(), evidence);
        }
    }

    private Future<CheckResult> fingerprint(CheckContext context, ExpectedSchema expectedSchema) {
        Optional<ExpectedSchema> expected = Optional.of(expectedSchema);
        return SchemaReader.read(context.pool(), filter).compose(live -> {
            List<SchemaChange> changes = SchemaDiff.between(expected.get().fingerprint(), live);
            Map<String, Object> evidence = Evidence.of("expected_hash", expected.get().fingerprint().hash(),
                    "live_hash", live.hash(), "expected_taken_at", expected.get().takenAt().toString(),
                    "skipped_objects", live.skipped(), "change_count", changes.size(),
                    "changes", changes.stream().limit(MAX_LISTED_CHANGES).map(SchemaChange::toString).toList());
            if (changes.isEmpty()) {
                return Future.succeededFuture(CheckResult.ok(NAME, context.now(), okSummary(live), evidence));
            }
            return Histories.current(context).map(history -> judge(context, expected.get(), changes, history, evidence));
        });
    }

    private CheckResult judge(CheckContext context, ExpectedSchema expected, List<SchemaChange> changes,
                              MigrationHistory history, Map<String, Object> evidence) {
        Optional<MigrationRecord> explaining = history.latest()
                .filter(r -> r.appliedAt() != null && r.appliedAt().isAfter(expected.takenAt()));
        if (explaining.isPresent()) {
            MigrationRecord r = explaining.get();
            evidence.put("explained_by", Evidence.of("tool", r.tool(), "schema", r.schema(), "version", r.version(),
                    "name", r.name(), "applied_at", r.appliedAt().toString()));
            return CheckResult.ok(NAME, context.now(), changes.size() + " schema changes explained by " + r.tool()
                    + " migration " + r.version() + " applied at " + r.appliedAt(), evidence);
        }
        if (history.migrationInProgress()) {
            evidence.put("explained_by", "a migration in progress");
            return CheckResult.ok(NAME, context.now(), changes.size()
                    + " schema changes while a migration is in progress", evidence);
        }
        return CheckResult.breach(NAME, context.now(), IssueType.SCHEMA_MISMATCH, Severity.HIGH,
                changes.size() + " schema changes that no migration explains: " + describe(changes.get(0)), evidence);
    }

    private static String describe(SchemaChange change) {
        return change.details().isEmpty() ? change.type().name().toLowerCase() + " " + change.key()
                : change.details().get(0);
    }

    private static String okSummary(SchemaFingerprint live) {
        return "schema matches the expected one" + (live.complete() ? ""
                : " (" + live.skipped().size() + " objects locked by a migration were not compared)");
    }
}
