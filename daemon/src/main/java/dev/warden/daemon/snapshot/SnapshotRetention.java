package dev.warden.daemon.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which snapshots to remove: beyond the newest {@code keepLast}, or older than {@code maxAge}; never,
 * whatever their age, the newest clean snapshot (the checks' baseline) nor the newest clean snapshot
 * with a verified backup (the restore point): snapshots taken during an incident do not push them out.
 */
final class SnapshotRetention {
    private SnapshotRetention() {
    }

    /** @param newestFirst a target's snapshots, newest first */
    static List<SnapshotSummary> expired(List<SnapshotSummary> newestFirst, int keepLast, Duration maxAge, Instant now) {
        Set<Long> kept = new HashSet<>();
        newestFirst.stream().filter(SnapshotSummary::clean).findFirst().ifPresent(s -> kept.add(s.id()));
        newestFirst.stream().filter(SnapshotSummary::restorable).findFirst().ifPresent(s -> kept.add(s.id()));
        Instant oldestKept = now.minus(maxAge);
        List<SnapshotSummary> expired = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            SnapshotSummary snapshot = newestFirst.get(i);
            boolean beyondCount = i >= keepLast;
            boolean tooOld = snapshot.takenAt().isBefore(oldestKept);
            if ((beyondCount || tooOld) && !kept.contains(snapshot.id())) {
                expired.add(snapshot);
            }
        }
        return expired;
    }
}
