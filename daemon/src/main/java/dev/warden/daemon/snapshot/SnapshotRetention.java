package dev.warden.daemon.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which snapshots to remove: beyond the newest {@code keepLast}, or older than {@code maxAge}; never
 * the newest snapshot with a verified backup, whatever its age, so a target always keeps a restore point.
 */
final class SnapshotRetention {
    private SnapshotRetention() {
    }

    /** @param newestFirst a target's snapshots, newest first */
    static List<SnapshotSummary> expired(List<SnapshotSummary> newestFirst, int keepLast, Duration maxAge, Instant now) {
        Long protectedId = newestFirst.stream().filter(SnapshotSummary::backupVerified).findFirst()
                .map(SnapshotSummary::id).orElse(null);
        Instant oldestKept = now.minus(maxAge);
        List<SnapshotSummary> expired = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            SnapshotSummary snapshot = newestFirst.get(i);
            boolean beyondCount = i >= keepLast;
            boolean tooOld = snapshot.takenAt().isBefore(oldestKept);
            if ((beyondCount || tooOld) && !Long.valueOf(snapshot.id()).equals(protectedId)) {
                expired.add(snapshot);
            }
        }
        return expired;
    }
}
