package dev.warden.checks.builtin;

import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.ExpectedSchema;
import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.migrations.MigrationRecord;
import dev.warden.checks.migrations.MigrationState;
import dev.warden.checks.schema.ChangeClassifier;
import dev.warden.checks.schema.ClassifiedChange;
import dev.warden.checks.schema.DifferingKeys;
import dev.warden.checks.schema.FingerprintMemory;
import dev.warden.checks.schema.IncrementalFingerprint;
import dev.warden.checks.schema.LiveSchema;
import dev.warden.checks.schema.SchemaChange;
import dev.warden.checks.schema.SchemaDiffs;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.checks.schema.SchemaFingerprint;
import dev.warden.checks.schema.SchemaObject;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.postgres.TurnPool;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@code schema_drift}: the live schema against the expected one, each change classified by its risk
 * ({@link ChangeClassifier}). A difference is explained, and not a breach, when a migration is in
 * progress or when the latest migration with a time was applied after the expected schema was taken
 * and did not fail (the daemon then advances the expected schema). Otherwise: any breaking change is
 * SCHEMA_MISMATCH, HIGH; additive changes alone are SCHEMA_CHANGE, LOW (no default decision rule: an
 * additive change is alerted, never rolled back). Additive changes are accepted as soon as they are
 * reported: they join the expected schema (in memory, see {@link Accepted}) and the next run passes.
 * Objects skipped because a migration locks them are not compared (see {@link SchemaDiff}).
 */
public final class SchemaDriftCheck extends BuiltInCheck {
    public static final String NAME = "schema_drift";
    private static final int MAX_LISTED_CHANGES = 50;
    private static final int SUMMARISED_CHANGES = 5;
    /** Warden's pool on a target holds two sessions (a pool that takes turns is not prepared: see prepareAside). */
    private static final int PREPARED_SESSIONS = 2;
    private static final String IN_PROGRESS = "a migration in progress";

    private final IncrementalFingerprint fingerprint;
    private final FingerprintMemory memory;
    private final Repetition repetition;
    private Future<Void> recalled;
    /** The last cycle's save: a state store that is slow to answer delays no refresh. */
    private Future<Void> saving = Future.succeededFuture();
    private final Object writeOutLock = new Object();
    private long cycles;
    private volatile boolean preparedForChanges;
    private volatile Quiet quiet;
    private volatile Accepted accepted;
    /** The last comparison with the expected schema, looked at again only where the live schema changed. */
    private final DifferingKeys differences = new DifferingKeys();

    public SchemaDriftCheck(SchemaFilter filter) {
        this(filter, FingerprintMemory.NONE);
    }

    /** With {@code memory}, a restarted Warden or a one-shot check reads only what changed since it last looked. */
    public SchemaDriftCheck(SchemaFilter filter, FingerprintMemory memory) {
        this(filter, memory, Repetition.ONCE);
    }

    /**
     * A check that runs {@link Repetition#ONCE} stores the changed fingerprint before it gives its verdict,
     * so that the process can end right after. One that runs in {@link Repetition#CYCLES} gives the verdict
     * first and stores after it, off the event loop: writing the state of 40,000 objects cost a detecting
     * cycle more than everything else it did. A save still under way when the process stops leaves the
     * stored state older, which is safe: its horizons are older too, so the next refresh reads more.
     */
    public SchemaDriftCheck(SchemaFilter filter, FingerprintMemory memory, Repetition repetition) {
        super(NAME);
        // A one-shot check has no next cycle to find a DDL whose statistics are not in yet: it scans every catalog.
        this.fingerprint = new IncrementalFingerprint(filter, repetition == Repetition.CYCLES);
        this.memory = memory;
        this.repetition = repetition;
    }

    @Override
    public Future<CheckResult> run(CheckContext context) {
        Optional<ExpectedSchema> expected = context.baseline().expectedSchema();
        if (expected.isEmpty()) {
            return Future.succeededFuture(CheckResult.inconclusive(NAME, context.now(),
                    "no expected schema yet: it comes with the first snapshot"));
        }
        AtomicLong cycle = new AtomicLong(beginCycle());
        HistoryAhead history = new HistoryAhead(context);
        Future<CheckResult> verdict = recall()
                .compose(v -> fingerprint.refresh(context.pool(), context.now(), history::start))
                .compose(schema -> (repetition == Repetition.ONCE ? remember() : Future.<Void>succeededFuture()).map(schema))
                .compose(schema -> verdict(context, expected.get(), schema, history));
        if (repetition == Repetition.CYCLES) {
            rememberAside(context, verdict, cycle);
            prepareAside(context, verdict);
        }
        return verdict;
    }

    /**
     * After the first passing cycle, once: the pool's sessions plan the statement a detecting cycle reads the
     * changed objects with, so that the first change met is not read on a session that never planned it.
     * In a task after the verdict's; what it costs the server is paid once per check, not by a detecting cycle.
     */
    private void prepareAside(CheckContext context, Future<CheckResult> verdict) {
        // A pool that takes turns opens a new session for each turn: a session prepared now would be gone,
        // and asking for a turn only for that would hold a connection the server's other targets wait for.
        if (preparedForChanges || context.pool() instanceof TurnPool) {
            return;
        }
        verdict.onSuccess(result -> {
            if (result.status() == CheckStatus.OK && !preparedForChanges) {
                preparedForChanges = true;
                // A failure only leaves the first change to be read on a session that has not planned it.
                context.vertx().runOnContext(later -> fingerprint.prepareForChanges(context.pool(), PREPARED_SESSIONS)
                        .otherwiseEmpty());
            }
        });
    }

    private Future<CheckResult> verdict(CheckContext context, ExpectedSchema expected, LiveSchema schema,
                                        HistoryAhead history) {
        Quiet last = quiet;
        if (last != null && last.stillHolds(schema.hash(), expected)) {
            return Future.succeededFuture(last.repeat(context.now(), schema.refresh()));
        }
        return judge(context, expected, schema, history).onSuccess(result -> quiet = holdsWhileCatalogDoes(result)
                ? new Quiet(schema.hash(), expected, result, context.now()) : null);
    }

    /**
     * An OK rests on the catalog alone, unless a migration in progress explained the changes: that holds only
     * while the migration runs, and it is judged afresh each cycle (one that ends without a history row leaves
     * the changes unexplained, the catalog unchanged).
     */
    private static boolean holdsWhileCatalogDoes(CheckResult result) {
        return result.status() == CheckStatus.OK && !IN_PROGRESS.equals(result.evidence().get("explained_by"));
    }

    /** A cycle begins to change the fingerprint's state: an earlier cycle's state is no longer worth saving. */
    private long beginCycle() {
        synchronized (writeOutLock) {
            return ++cycles;
        }
    }

    /** A copy of the state as cycle {@code cycle} left it, unless a later cycle (one that did not wait) has begun to change it. */
    private Optional<Supplier<byte[]>> copyOut(long cycle) {
        synchronized (writeOutLock) {
            return cycle == cycles ? fingerprint.unsavedCopy() : Optional.empty(); // the later cycle saves it
        }
    }

    /** The last cycle's save of the fingerprint: a process about to stop its Vert.x can wait for it (it never fails). */
    public Future<Void> saved() {
        return saving;
    }

    /** The stored state is taken up once, before the first refresh; without one, the first refresh reads in full. */
    private Future<Void> recall() {
        if (recalled == null) {
            recalled = memory.recall().map(stored -> {
                stored.ifPresent(fingerprint::restore);
                return (Void) null;
            }).otherwiseEmpty();
        }
        return recalled;
    }

    /** Stores the fingerprint when it changed; waited for, so that a one-shot check leaves it behind. */
    private Future<Void> remember() {
        if (memory == FingerprintMemory.NONE) {
            return Future.succeededFuture(); // nothing keeps it: no need to write it out
        }
        return fingerprint.unsavedState().map(state -> memory.keep(state).otherwiseEmpty())
                .orElse(Future.succeededFuture());
    }

    /**
     * The same after a cycle's verdict: the state is copied, written out on a worker thread, then stored.
     * Never fails: a failed save only costs a larger read.
     */
    private void rememberAside(CheckContext context, Future<CheckResult> verdict, AtomicLong cycle) {
        if (memory == FingerprintMemory.NONE) {
            return;
        }
        // Copied on the verdict's thread, written out on a worker: a copy never races a refresh still under
        // way (a rollback's recheck, a run that outlived its timeout). Copied in a task of its own after the
        // verdict's: its caller has the verdict first, not after 40,000 entries are copied.
        Promise<Optional<Supplier<byte[]>>> copied = Promise.promise();
        verdict.onComplete(done -> context.vertx().runOnContext(later -> copied.complete(copyOut(cycle.get()))));
        Future<Optional<byte[]>> written = copied.future().compose(copy -> copy.isEmpty()
                ? Future.succeededFuture(Optional.<byte[]>empty())
                : context.vertx().executeBlocking(() -> Optional.of(copy.get().get())));
        saving = written.compose(state -> state.map(memory::keep).orElse(Future.succeededFuture())).otherwiseEmpty();
    }

    /**
     * An OK verdict, and the live fingerprint it was measured on: while the live schema and the expected
     * one stay the same, so does the verdict. A breach is never reused: it is measured afresh every
     * time, as it may lead to a rollback.
     */
    private record Quiet(String liveHash, ExpectedSchema expected, CheckResult verdict, Instant measuredAt) {
        boolean stillHolds(String now, ExpectedSchema currentlyExpected) {
            return now.equals(liveHash) && currentlyExpected.equals(expected);
        }

        CheckResult repeat(Instant at, LiveSchema.Refresh refresh) {
            Map<String, Object> evidence = new java.util.LinkedHashMap<>(verdict.evidence());
            evidence.put("catalog_unchanged_since", measuredAt.toString());
            evidence.put("live_read", liveRead(refresh));
            return CheckResult.ok(NAME, at, verdict.summary(), evidence);
        }
    }

    /**
     * Additive changes reported since the daemon's expected schema was taken: the objects as they
     * were accepted, by key. The expected schema the check compares with is the daemon's with these
     * objects in place. It belongs to one expected schema: a newer one (a snapshot, a migration) starts
     * afresh, and a restart forgets it, so the same change is reported once more, still low. An accepted
     * object that returns to its definition in the daemon's expected schema (an extra index dropped
     * again, a rollback) is no change at all and leaves the set.
     */
    private record Accepted(String baseHash, Instant baseTakenAt, Map<String, SchemaObject> objects) {
        static Accepted none(ExpectedSchema base) {
            return new Accepted(base.hash(), base.takenAt(), Map.of());
        }

        boolean belongsTo(ExpectedSchema base) {
            return baseHash.equals(base.hash()) && baseTakenAt.equals(base.takenAt());
        }

        Accepted with(Map<String, SchemaObject> more, Set<String> returned) {
            Map<String, SchemaObject> next = new TreeMap<>(objects);
            next.keySet().removeAll(returned);
            next.putAll(more);
            return new Accepted(baseHash, baseTakenAt, next);
        }
    }

    private Future<CheckResult> judge(CheckContext context, ExpectedSchema expected, LiveSchema live,
                                      HistoryAhead history) {
        Accepted known = accepted != null && accepted.belongsTo(expected) ? accepted : Accepted.none(expected);
        if (known.objects().isEmpty() && live.hash().equals(expected.hash())) {
            // The same total hash: nothing differs, and the expected definitions are not decoded to say so.
            return Future.succeededFuture(CheckResult.ok(NAME, context.now(), okSummary(live, known),
                    evidence(expected, live, List.of(), List.of())));
        }
        return expected.fingerprint().compose(definitions -> judge(context, expected, definitions, known, live, history));
    }

    private Future<CheckResult> judge(CheckContext context, ExpectedSchema expected, SchemaFingerprint definitions,
                                      Accepted known, LiveSchema live, HistoryAhead history) {
        Set<String> differing = differences.between(definitions, known.objects(), live);
        // The expected definitions (accepted ones in place) of just the objects that differ.
        SchemaFingerprint reference = SchemaFingerprint.of(differing.stream()
                .map(key -> known.objects().getOrDefault(key, definitions.objects().get(key)))
                .filter(Objects::nonNull).toList(), List.of());
        // Only the objects that differ are deparsed: their definitions say what the change is.
        return fingerprint.objects(context.pool(), differing).compose(read -> {
            List<SchemaChange> changes = new ArrayList<>();
            Set<String> returned = new TreeSet<>();
            for (SchemaChange change : SchemaDiffs.of(reference, live, differing, read)) {
                if (Objects.equals(attributes(definitions, change.key()), attributes(read, change.key()))) {
                    returned.add(change.key());
                } else {
                    changes.add(change);
                }
            }
            List<ClassifiedChange> classified = ChangeClassifier.classify(reference, changes);
            Map<String, Object> evidence = evidence(expected, live, changes, classified);
            if (changes.isEmpty()) {
                accepted = known.with(Map.of(), returned);
                if (!accepted.objects().isEmpty()) {
                    evidence.put("accepted_additive", List.copyOf(accepted.objects().keySet()));
                }
                return Future.succeededFuture(CheckResult.ok(NAME, context.now(), okSummary(live, accepted), evidence));
            }
            return history.history().map(histories -> {
                Optional<CheckResult> explained = explained(context, expected, changes, histories, evidence);
                if (explained.isPresent()) {
                    return explained.get();
                }
                Map<String, SchemaObject> additive = whollyAdditive(changes, classified);
                accepted = known.with(additive, returned);
                evidence.put("accepted_additive", List.copyOf(accepted.objects().keySet()));
                return judge(context, classified, evidence);
            });
        });
    }

    /** What every verdict shows: both hashes, how the live schema was read, and the changes found (if any). */
    private static Map<String, Object> evidence(ExpectedSchema expected, LiveSchema live, List<SchemaChange> changes,
                                                List<ClassifiedChange> classified) {
        return Evidence.of("expected_hash", expected.hash(),
                "live_hash", live.hash(), "expected_taken_at", expected.takenAt().toString(),
                "skipped_objects", live.skipped(), "change_count", changes.size(),
                "changes", changes.stream().limit(MAX_LISTED_CHANGES).map(SchemaChange::toString).toList(),
                "classified", classified.stream().limit(MAX_LISTED_CHANGES).map(ClassifiedChange::toPlain).toList(),
                "additive_count", classified.stream().filter(ClassifiedChange::additive).count(),
                "breaking_count", classified.stream().filter(c -> !c.additive()).count(),
                "live_read", liveRead(live.refresh()));
    }

    /** How the live schema was read this time: in full, or which catalogs were scanned and how many objects deparsed. */
    private static Map<String, Object> liveRead(LiveSchema.Refresh refresh) {
        return Evidence.of("full", refresh.full(), "scanned_catalogs", refresh.scannedCatalogs(),
                "deparsed_objects", refresh.deparsed());
    }

    private static Map<String, String> attributes(SchemaFingerprint fingerprint, String key) {
        return attributes(fingerprint.objects(), key);
    }

    private static Map<String, String> attributes(Map<String, SchemaObject> objects, String key) {
        SchemaObject object = objects.get(key);
        return object == null ? null : object.attributes();
    }

    /** The added or changed objects whose every change is additive: these become expected. */
    private static Map<String, SchemaObject> whollyAdditive(List<SchemaChange> changes, List<ClassifiedChange> classified) {
        Map<String, SchemaObject> additive = new TreeMap<>();
        for (SchemaChange change : changes) {
            List<ClassifiedChange> own = classified.stream().filter(c -> c.objectKey().equals(change.key())).toList();
            if (change.type() != SchemaChange.Type.REMOVED && !own.isEmpty()
                    && own.stream().allMatch(ClassifiedChange::additive)) {
                additive.put(change.key(), change.object());
            }
        }
        return additive;
    }

    private Optional<CheckResult> explained(CheckContext context, ExpectedSchema expected, List<SchemaChange> changes,
                                            MigrationHistory history, Map<String, Object> evidence) {
        // A failed migration explains nothing: what it left behind (an INVALID index) is judged like any change.
        Optional<MigrationRecord> explaining = history.latest()
                .filter(r -> r.appliedAt() != null && r.appliedAt().isAfter(expected.takenAt()))
                .filter(r -> r.state() != MigrationState.FAILED && r.state() != MigrationState.DIRTY);
        if (explaining.isPresent()) {
            MigrationRecord r = explaining.get();
            evidence.put("explained_by", Evidence.of("tool", r.tool(), "schema", r.schema(), "version", r.version(),
                    "name", r.name(), "applied_at", r.appliedAt().toString()));
            return Optional.of(CheckResult.ok(NAME, context.now(), changes.size() + " schema changes explained by "
                    + r.tool() + " migration " + r.version() + " applied at " + r.appliedAt(), evidence));
        }
        if (history.migrationInProgress()) {
            evidence.put("explained_by", IN_PROGRESS);
            return Optional.of(CheckResult.ok(NAME, context.now(), changes.size()
                    + " schema changes while a migration is in progress", evidence));
        }
        return Optional.empty();
    }

    private static CheckResult judge(CheckContext context, List<ClassifiedChange> classified,
                                     Map<String, Object> evidence) {
        String listed = ChangeClassifier.summarise(classified, SUMMARISED_CHANGES);
        evidence.put("summary", listed);
        if (classified.stream().allMatch(ClassifiedChange::additive)) {
            return CheckResult.breach(NAME, context.now(), IssueType.SCHEMA_CHANGE, Severity.LOW,
                    "additive schema changes that no migration explains, recorded as expected: " + listed, evidence);
        }
        return CheckResult.breach(NAME, context.now(), IssueType.SCHEMA_MISMATCH, Severity.HIGH,
                "breaking schema changes that no migration explains: " + listed, evidence);
    }

    private static String okSummary(LiveSchema live, Accepted accepted) {
        return "schema matches the expected one"
                + (accepted.objects().isEmpty() ? "" : " with " + accepted.objects().size()
                        + " additively changed objects accepted")
                + (live.complete() ? "" : " (" + live.skipped().size()
                        + " objects locked by a migration were not compared)");
    }
}
