package dev.warden.daemon.snapshot;

import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.rows.RowCounts;
import dev.warden.checks.schema.SchemaFingerprint;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.RestorePointBackup;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a target looked like at one moment, and the backup taken with it ({@code null} when the
 * target's snapshots are metadata only). {@code id} is 0 until the state store has it.
 * {@code taintedBecause} says why the snapshot was taken during an incident (a check breaching, an
 * incident open, a migration failed); null when it is clean. Only a clean snapshot becomes the
 * expected schema, the row baseline or the restore point. {@code label} is the asker's own words
 * beside the reason (a ticket, "baseline"), or null.
 */
public record Snapshot(long id, String target, SnapshotReason reason, Instant takenAt, Duration duration,
                       String serverVersion, SchemaFingerprint schema, RowCounts rows, MigrationHistory migrations,
                       Backup backup, List<String> notes, String taintedBecause, String label) {

    public Snapshot {
        notes = List.copyOf(notes);
    }

    public Snapshot withId(long storedId) {
        return new Snapshot(storedId, target, reason, takenAt, duration, serverVersion, schema, rows, migrations, backup,
                notes, taintedBecause, label);
    }

    /** The same snapshot marked as taken during an incident ({@code because} null: clean). */
    public Snapshot tainted(String because) {
        return new Snapshot(id, target, reason, takenAt, duration, serverVersion, schema, rows, migrations, backup,
                notes, because, label);
    }

    /** The same snapshot with the asker's label ({@code null}: none). */
    public Snapshot labelled(String text) {
        return new Snapshot(id, target, reason, takenAt, duration, serverVersion, schema, rows, migrations, backup,
                notes, taintedBecause, text);
    }

    public boolean clean() {
        return taintedBecause == null;
    }

    public SnapshotSummary summary() {
        return new SnapshotSummary(id, target, reason.label(), takenAt, duration.toMillis(), serverVersion, schema.hash(),
                backup == null ? null : backup.kind(), backup == null ? null : backup.location(),
                backup == null ? null : backup.sizeBytes(), backup != null && backup.verified(), taintedBecause,
                backup == null ? null : backup.details().get(RestorePointBackup.LSN),
                backup == null ? null : backup.details().get(RestorePointBackup.ARCHIVED_AT), label);
    }
}
