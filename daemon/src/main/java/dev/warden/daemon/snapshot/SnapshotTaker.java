package dev.warden.daemon.snapshot;

import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.migrations.MigrationHistoryReader;
import dev.warden.checks.rows.CountStatus;
import dev.warden.checks.rows.RowCountRequest;
import dev.warden.checks.rows.RowCounter;
import dev.warden.checks.rows.RowCounts;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.checks.schema.SchemaFingerprint;
import dev.warden.checks.schema.SchemaReader;
import dev.warden.config.SnapshotConfig;
import dev.warden.config.TargetConfig;
import dev.warden.postgres.Connections;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.BackupMethod;
import dev.warden.rollback.backup.BackupRequest;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes one snapshot: server version, schema fingerprint, row counts and migration history read
 * side by side on the target's pool, then the backup when one is configured. Anything skipped
 * (a relation under a migration's lock, a count that timed out, a failed backup) is written down in
 * the snapshot's notes rather than failing it: the rest is still worth keeping.
 */
final class SnapshotTaker {
    private final TargetConfig target;
    private final Pool pool;
    private final BackupMethod backup;
    private final Clock clock;
    private Instant lastBackupAt = Instant.EPOCH;

    /** @param backup null when the target's snapshots are metadata only */
    SnapshotTaker(TargetConfig target, Pool pool, BackupMethod backup, Clock clock) {
        this.target = target;
        this.pool = pool;
        this.backup = backup;
        this.clock = clock;
    }

    Future<Snapshot> take(SnapshotReason reason) {
        Instant takenAt = clock.instant();
        long started = System.nanoTime();
        SnapshotConfig config = target.snapshots();
        // One of the target's few connections for all the reads, given back before a backup, which may
        // cut every session off the target.
        return pool.withConnection(connection -> observe(connection, config)).compose(observed -> {
            List<String> notes = notes(observed.schema(), observed.rows(), observed.history());
            Future<Backup> backedUp = migrationUnderWay(observed.schema(), observed.rows(), observed.history())
                    ? deferBackup(notes) : backup(reason, notes);
            return backedUp.map(taken -> new Snapshot(0, target.name(), reason, takenAt,
                    Duration.ofNanos(System.nanoTime() - started), observed.version(), observed.schema(),
                    observed.rows(), observed.history(), taken, notes, null, null));
        });
    }

    /** Server version, schema, row counts and migration history, read side by side on one connection. */
    private Future<Observed> observe(SqlConnection connection, SnapshotConfig config) {
        Future<String> version = connection.query("SHOW server_version").execute()
                .map(rows -> rows.iterator().next().getString(0));
        Future<SchemaFingerprint> schema = SchemaReader.read(connection,
                new SchemaFilter(config.includeSchemas(), config.excludeSchemas()));
        Future<RowCounts> rows = RowCounter.count(connection,
                new RowCountRequest(target.criticalTables(), config.exactCountTimeout()));
        Future<MigrationHistory> history = MigrationHistoryReader.builtIn().read(connection);
        return Future.all(version, schema, rows, history).map(all -> new Observed(version.result(), schema.result(),
                rows.result(), history.result()));
    }

    private record Observed(String version, SchemaFingerprint schema, RowCounts rows, MigrationHistory history) {
    }

    /**
     * A clone terminates every session on the source, a migration's included, and pg_dump would queue
     * behind its lock: while a migration holds locks, the backup waits for the next snapshot.
     */
    private static boolean migrationUnderWay(SchemaFingerprint schema, RowCounts rows, MigrationHistory history) {
        return history.migrationInProgress() || !schema.skipped().isEmpty()
                || rows.tables().stream().anyMatch(t -> t.status() == CountStatus.SKIPPED_LOCKED);
    }

    private Future<Backup> deferBackup(List<String> notes) {
        if (backup != null) {
            notes.add(backup.kind() + " backup deferred: a migration holds locks on the target, and a backup now"
                    + " would interrupt it or queue behind it");
        }
        return Future.succeededFuture();
    }

    /** The backup, verified; null (with a note) when there is none or it failed. */
    private Future<Backup> backup(SnapshotReason reason, List<String> notes) {
        if (backup == null) {
            return Future.succeededFuture();
        }
        BackupRequest request = new BackupRequest(target.name(),
                Connections.options(target.connection(), target.session()), reason.label(), target.criticalTables(),
                nextBackupInstant());
        return backup.create(request)
                .compose(created -> backup.verify(created, request).map(verification -> {
                    if (!verification.ok()) {
                        notes.add("backup " + created.location() + " is not verified: " + verification.summary());
                    }
                    return created.withVerification(verification);
                }))
                .recover(failure -> {
                    notes.add(backup.kind() + " backup failed: " + failure.getMessage());
                    return Future.succeededFuture();
                });
    }

    /**
     * Backup names carry the time to the second; two snapshots within one second would collide, so
     * each of this target's backups gets a second strictly after the previous one's.
     */
    private synchronized Instant nextBackupInstant() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        lastBackupAt = now.isAfter(lastBackupAt) ? now : lastBackupAt.plusSeconds(1);
        return lastBackupAt;
    }

    private static List<String> notes(SchemaFingerprint schema, RowCounts rows, MigrationHistory history) {
        List<String> notes = new ArrayList<>();
        if (!schema.skipped().isEmpty()) {
            notes.add("schema: skipped under an AccessExclusiveLock: " + String.join(", ", schema.skipped()));
        }
        rows.tables().stream()
                .filter(t -> t.status() != CountStatus.COUNTED && t.status() != CountStatus.ESTIMATED_ONLY)
                .forEach(t -> notes.add("rows: " + t.qualifiedName() + " " + t.status().name().toLowerCase()
                        + (t.detail() == null ? "" : " (" + t.detail() + ")")));
        history.skipped().forEach(s -> notes.add("migrations: " + s));
        return notes;
    }
}
