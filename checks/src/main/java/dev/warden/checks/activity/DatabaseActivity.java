package dev.warden.checks.activity;

import dev.warden.checks.activity.ServerActivity.Backend;
import dev.warden.checks.activity.ServerActivity.ExclusiveLock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One database's view of a {@link ServerActivity}: its own sessions and locks. Sessions of other
 * databases are reachable only by pid, as the blockers of one of its own sessions (a lock queue can
 * cross databases through shared catalogs and transaction ids).
 */
public record DatabaseActivity(ServerActivity reading, String database) {
    /** The database's sessions in the reading, by pid. */
    public List<Backend> backends() {
        return reading.backends().stream().filter(b -> database.equals(b.datname())).toList();
    }

    /** Every session in the reading, by pid, for following a blocker wherever it is. */
    public Map<Integer, Backend> anyByPid() {
        return reading.byPid();
    }

    /** AccessExclusiveLocks on the database's relations. */
    public List<ExclusiveLock> exclusiveLocks() {
        return reading.exclusiveLocks().stream().filter(l -> database.equals(l.datname())).toList();
    }

    /** Seconds from a server timestamp (microseconds) to the reading's time; null when unknown. */
    public Double secondsSince(Long micros) {
        return Micros.seconds(micros, reading.readAtMicros());
    }

    /** A server timestamp (microseconds) as an instant; null stays null. */
    public static Instant instant(Long micros) {
        return Micros.instant(micros);
    }
}
