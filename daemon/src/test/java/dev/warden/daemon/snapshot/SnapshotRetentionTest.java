package dev.warden.daemon.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotRetentionTest {
    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");

    @Test
    void shouldKeepTheNewestAndDropBeyondTheCount() {
        List<SnapshotSummary> snapshots = List.of(at(5, 1, false), at(4, 2, false), at(3, 3, false), at(2, 4, false));

        assertThat(SnapshotRetention.expired(snapshots, 2, Duration.ofDays(7), NOW))
                .extracting(SnapshotSummary::id).containsExactly(3L, 2L);
    }

    @Test
    void shouldDropWhatIsTooOld() {
        List<SnapshotSummary> snapshots = List.of(at(3, 1, false), at(2, 20, false), at(1, 200, false));

        assertThat(SnapshotRetention.expired(snapshots, 10, Duration.ofDays(1), NOW))
                .extracting(SnapshotSummary::id).containsExactly(1L);
    }

    @Test
    void shouldNeverDropTheNewestVerifiedBackupHoweverOld() {
        List<SnapshotSummary> snapshots = List.of(at(4, 1, false), at(3, 2, false), at(2, 500, true), at(1, 600, true));

        assertThat(SnapshotRetention.expired(snapshots, 1, Duration.ofDays(1), NOW))
                .extracting(SnapshotSummary::id).containsExactly(3L, 1L);
    }

    /** Issue 11: snapshots taken during an incident never push out the baseline nor the restore point. */
    @Test
    void shouldNeverDropTheNewestCleanSnapshotNorTheNewestCleanVerifiedBackup() {
        List<SnapshotSummary> snapshots = List.of(tainted(at(6, 1, true)), tainted(at(5, 2, true)), tainted(at(4, 3, false)),
                at(3, 4, false), at(2, 5, true), at(1, 6, true));

        assertThat(SnapshotRetention.expired(snapshots, 2, Duration.ofDays(7), NOW))
                .as("3 is the baseline, 2 the restore point").extracting(SnapshotSummary::id).containsExactly(4L, 1L);
    }

    private static SnapshotSummary at(long id, int hoursAgo, boolean verifiedBackup) {
        return new SnapshotSummary(id, "t", "scheduled", NOW.minus(Duration.ofHours(hoursAgo)), 10, "17", "h",
                verifiedBackup ? "clone" : null, verifiedBackup ? "t__warden_x" : null, verifiedBackup ? 1L : null,
                verifiedBackup, null);
    }

    private static SnapshotSummary tainted(SnapshotSummary s) {
        return new SnapshotSummary(s.id(), s.target(), s.reason(), s.takenAt(), s.durationMs(), s.serverVersion(),
                s.schemaHash(), s.backupKind(), s.backupLocation(), s.backupSizeBytes(), s.backupVerified(),
                "taken during incident i");
    }
}
