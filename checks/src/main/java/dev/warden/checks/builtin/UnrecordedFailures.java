package dev.warden.checks.builtin;

import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.migrations.MigrationHistoryReader;
import dev.warden.checks.migrations.MigrationRecord;
import dev.warden.checks.migrations.MigrationState;
import dev.warden.checks.migrations.RunningMigration;
import dev.warden.checks.schema.IncrementalFingerprint;
import dev.warden.checks.schema.SchemaChange;
import dev.warden.checks.schema.SchemaDiff;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.checks.schema.SchemaFingerprint;
import dev.warden.checks.schema.SchemaReader;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Failed migrations that left no history row: a migrating session (a tool's advisory lock or lock table,
 * or DDL activity) that ended without a new successful (or failed) history row, and left the schema
 * changed. On PostgreSQL a non-transactional Flyway migration that fails half-way is one: its first
 * statements stay, its failure row rolls back with Flyway's transactional lock.
 *
 * <p>It remembers the schema fingerprint of the last quiet cycle (re-read in full only when the incremental
 * fingerprint, which temporary tables never move, says the schema changed), opens a watch when a migration is first seen,
 * and when the migrating sessions are gone reads the history afresh (so a row committed as they ended is
 * seen) and the schema: no new history row and a changed schema is a failure, which stands until the
 * tool records a successful migration. A transactional migration that failed changed nothing: nothing
 * to report. One instance per target; runs of one target never overlap.
 */
final class UnrecordedFailures {
    static final int MAX_LISTED = 20;

    /** One failed migration found this way, named by what the database showed of it. */
    record Failure(String tool, String schema, String afterVersion, String afterName, List<Integer> pids,
                   Instant startedAt, Instant endedBy, List<String> statements, List<String> changes,
                   Set<String> appliedAtFailure) {

        String describe() {
            return (tool == null ? "a schema change by a DDL session" : tool + " migration")
                    + (afterVersion == null ? "" : " after version " + afterVersion
                    + (afterName == null ? "" : " (" + afterName + ")"))
                    + (schema == null ? "" : " in " + schema)
                    + (pids.isEmpty() ? "" : ", pid " + pids.get(0));
        }

        Map<String, Object> evidence() {
            return Evidence.of("tool", tool, "schema", schema, "after_version", afterVersion, "after_name", afterName,
                    "pids", pids, "started_at", startedAt == null ? null : startedAt.toString(),
                    "ended_by", endedBy.toString(), "statements", statements, "changes", changes,
                    "state", "FAILED_UNRECORDED");
        }
    }

    private record Quiet(SchemaFingerprint fingerprint, Instant readAt) {
    }

    /** A migration being watched: the schema before it, the history keys known then, what it showed. */
    private record Watch(SchemaFingerprint before, Set<String> applied, Set<String> failed, MigrationHistory history,
                         Map<String, RunningMigration> seen) {
    }

    private final SchemaFilter filter;
    private final IncrementalFingerprint live;
    private Quiet quiet;
    private Watch watch;
    private final List<Failure> standing = new ArrayList<>();

    UnrecordedFailures(SchemaFilter filter) {
        this.filter = Objects.requireNonNull(filter, "filter");
        this.live = new IncrementalFingerprint(filter);
    }

    /** Advances the watch with this cycle's history and gives the failures that stand. */
    Future<List<Failure>> observe(SqlClient client, MigrationHistory history, Instant now) {
        if (history.migrationInProgress()) {
            return opened(client, history).map(v -> List.copyOf(standing));
        }
        if (watch == null) {
            settle(history);
            return refreshQuiet(client, now).map(v -> List.copyOf(standing));
        }
        // The migrating sessions are gone: read the history again, after they ended.
        return MigrationHistoryReader.builtIn().read(client).compose(fresh -> {
            if (fresh.migrationInProgress()) {
                return opened(client, fresh);
            }
            return closed(client, fresh, now);
        }).map(v -> List.copyOf(standing));
    }

    private Future<Void> opened(SqlClient client, MigrationHistory history) {
        if (watch != null) {
            history.running().forEach(r -> watch.seen().put(key(r), r));
            return Future.succeededFuture();
        }
        Future<SchemaFingerprint> before = quiet != null ? Future.succeededFuture(quiet.fingerprint())
                : SchemaReader.read(client, filter);
        return before.map(fingerprint -> {
            Map<String, RunningMigration> seen = new LinkedHashMap<>();
            history.running().forEach(r -> seen.put(key(r), r));
            watch = new Watch(fingerprint, applied(history), failedKeys(history), history, seen);
            return null;
        });
    }

    private Future<Void> closed(SqlClient client, MigrationHistory fresh, Instant now) {
        Watch ended = watch;
        Set<String> applied = applied(fresh);
        boolean recorded = !ended.applied().containsAll(applied) || !ended.failed().containsAll(failedKeys(fresh));
        if (recorded) { // a new history row, successful or failed, accounts for the run
            watch = null;
            settle(fresh);
            quiet = null;
            return refreshQuiet(client, now);
        }
        return SchemaReader.read(client, filter).compose(after -> {
            List<SchemaChange> changes = SchemaDiff.between(ended.before(), after);
            watch = null;
            if (!changes.isEmpty()) {
                standing.add(failure(ended, changes, applied, now));
            }
            quiet = new Quiet(after, now);
            return Future.<Void>succeededFuture();
        });
    }

    /** A failure stands until its tool records a new successful migration. */
    private void settle(MigrationHistory history) {
        Set<String> applied = applied(history);
        standing.removeIf(f -> applied.stream().anyMatch(k -> !f.appliedAtFailure().contains(k)
                && (f.tool() == null || k.startsWith(f.tool() + '\u0000'))));
    }

    private Future<Void> refreshQuiet(SqlClient client, Instant now) {
        return live.refresh(client, now).compose(schema -> {
            Quiet last = quiet;
            if (last != null && last.fingerprint().hash().equals(schema.hash())) {
                return Future.succeededFuture();
            }
            return SchemaReader.read(client, filter).map(fingerprint -> {
                quiet = new Quiet(fingerprint, now);
                return null;
            });
        }).<Void>mapEmpty().otherwiseEmpty(); // a quiet read that could not run is tried again next cycle
    }

    private static Failure failure(Watch watch, List<SchemaChange> changes, Set<String> applied, Instant now) {
        List<RunningMigration> seen = List.copyOf(watch.seen().values());
        String tool = seen.stream().map(RunningMigration::tool).filter(Objects::nonNull).findFirst().orElse(null);
        MigrationRecord last = tool == null ? null : watch.history().records(tool).stream()
                .filter(r -> r.state() == MigrationState.APPLIED && r.version() != null).findFirst().orElse(null);
        Set<Integer> pids = new LinkedHashSet<>();
        seen.stream().map(RunningMigration::pid).filter(Objects::nonNull).forEach(pids::add);
        Instant started = seen.stream().map(RunningMigration::startedAt).filter(Objects::nonNull)
                .min(Instant::compareTo).orElse(null);
        Set<String> statements = new LinkedHashSet<>();
        seen.stream().map(RunningMigration::statementPreview).filter(Objects::nonNull).forEach(statements::add);
        return new Failure(tool, last == null ? null : last.schema(), last == null ? null : last.version(),
                last == null ? null : last.name(), List.copyOf(pids), started, now,
                statements.stream().limit(MAX_LISTED).toList(),
                changes.stream().limit(MAX_LISTED).map(SchemaChange::toString).toList(), applied);
    }

    /** The same session's evidence of one kind is kept once, its latest statement winning. */
    private static String key(RunningMigration r) {
        return r.source() + "/" + (r.pid() == null ? r.statementPreview() : r.pid().toString());
    }

    private static Set<String> applied(MigrationHistory history) {
        return keys(history, MigrationState.APPLIED);
    }

    private static Set<String> failedKeys(MigrationHistory history) {
        Set<String> keys = new LinkedHashSet<>();
        history.failed().forEach(r -> keys.add(key(r)));
        return keys;
    }

    private static Set<String> keys(MigrationHistory history, MigrationState state) {
        Set<String> keys = new LinkedHashSet<>();
        history.records().values().forEach(list -> list.stream().filter(r -> r.state() == state)
                .forEach(r -> keys.add(key(r))));
        return keys;
    }

    private static String key(MigrationRecord r) {
        return r.tool() + '\u0000' + r.schema() + '\u0000' + r.version() + '\u0000' + r.name() + '\u0000'
                + r.appliedAt();
    }
}
