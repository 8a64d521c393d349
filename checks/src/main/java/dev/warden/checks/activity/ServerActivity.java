package dev.warden.checks.activity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One reading of pg_stat_activity and pg_locks, of every database on a server or of one: the sessions
 * that wait for a lock and those that block them, the sessions that may be running a migration, and the
 * AccessExclusiveLocks on relations. Each target keeps only its own database's part
 * ({@link DatabaseActivity}). Times are the server's, in microseconds since the epoch.
 *
 * @param readAtMicros   the server's clock when it was read
 * @param serverVersion  {@code server_version_num}
 * @param readerDatabase the database of the session that read it
 * @param backends       the sessions of interest, never the reading session itself
 * @param exclusiveLocks AccessExclusiveLocks on relations, granted or awaited
 */
public record ServerActivity(long readAtMicros, int serverVersion, String readerDatabase, List<Backend> backends,
                             List<ExclusiveLock> exclusiveLocks) {
    public ServerActivity {
        backends = List.copyOf(backends);
        exclusiveLocks = List.copyOf(exclusiveLocks);
    }

    /** PostgreSQL 14+ records when a lock wait began ({@code pg_locks.waitstart}). */
    public boolean recordsWaitStart() {
        return serverVersion >= 140000;
    }

    public Instant readAt() {
        return Micros.instant(readAtMicros);
    }

    public Map<Integer, Backend> byPid() {
        return backends.stream().collect(Collectors.toMap(Backend::pid, Function.identity(), (a, b) -> a));
    }

    /**
     * A session. {@code waiter}: it awaits a lock ({@code wanted}, {@code waitStartMicros}, {@code blockers}
     * are then set); {@code candidate}: a client backend that is not idle running DDL-like text
     * ({@code ddlLike}) or holds an advisory lock, with its advisory keys and the relations it locks.
     *
     * @param query the first 200 characters of its statement, as read (not masked)
     */
    public record Backend(int pid, String datname, String backendType, String applicationName, String state,
                          String query, Long queryStartMicros, Long xactStartMicros, boolean waitingOnLock,
                          boolean waiter, Long waitStartMicros, List<WantedLock> wanted, List<Integer> blockers,
                          boolean candidate, boolean ddlLike, boolean holdsAdvisoryLock, List<Long> advisoryKeys,
                          List<Long> relations) {
        public Backend {
            wanted = List.copyOf(wanted);
            blockers = List.copyOf(blockers);
            advisoryKeys = List.copyOf(advisoryKeys);
            relations = List.copyOf(relations);
        }
    }

    /** A lock a session waits for: a relation's oid, or null for another kind of lock. */
    public record WantedLock(String mode, String locktype, Long relation) {
    }

    /** An AccessExclusiveLock on a relation of {@code datname}; pid 0 for a prepared transaction. */
    public record ExclusiveLock(String datname, long relation, int pid, boolean granted) {
    }
}
