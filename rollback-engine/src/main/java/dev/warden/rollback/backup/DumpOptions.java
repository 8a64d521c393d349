package dev.warden.rollback.backup;

import io.vertx.core.Handler;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link DumpBackup} runs the client tools.
 *
 * @param pgDump           the {@code pg_dump} program (a path, or a name looked up on PATH)
 * @param pgRestore        the {@code pg_restore} program, used to verify a dump
 * @param lockWaitTimeout  how long pg_dump may wait for a table's lock before failing: it must not
 *                         queue behind a migration's AccessExclusiveLock
 * @param timeout          the longest a dump may run before it is killed
 * @param progressInterval how often progress is logged
 * @param progress         told about every table dumped, on a worker thread; keep it quick
 */
public record DumpOptions(String pgDump, String pgRestore, Duration lockWaitTimeout, Duration timeout,
                          Duration progressInterval, Handler<DumpProgress> progress) {

    public DumpOptions {
        Objects.requireNonNull(pgDump, "pgDump");
        Objects.requireNonNull(pgRestore, "pgRestore");
        Objects.requireNonNull(lockWaitTimeout, "lockWaitTimeout");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(progressInterval, "progressInterval");
        progress = progress == null ? p -> { } : progress;
    }

    /** pg_dump and pg_restore from PATH, 1 s lock wait, 6 h at most, progress logged every 5 s. */
    public static DumpOptions defaults() {
        return new DumpOptions("pg_dump", "pg_restore", Duration.ofSeconds(1), Duration.ofHours(6),
                Duration.ofSeconds(5), null);
    }

    public DumpOptions withProgress(Handler<DumpProgress> handler) {
        return new DumpOptions(pgDump, pgRestore, lockWaitTimeout, timeout, progressInterval, handler);
    }

    public DumpOptions withTools(String pgDumpProgram, String pgRestoreProgram) {
        return new DumpOptions(pgDumpProgram, pgRestoreProgram, lockWaitTimeout, timeout, progressInterval, progress);
    }
}
