package dev.warden.rollback.backup;

import dev.warden.postgres.PgEnvironment;
import dev.warden.rollback.external.ProcessOutcome;
import dev.warden.rollback.external.ProcessRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
/**
 * Restores a {@link DumpBackup} file into an existing, empty database with {@code pg_restore}: in
 * one transaction, so that a failed restore leaves the database empty instead of half filled.
 * The file's checksum is compared with the one taken when it was written before anything runs.
 * Credentials travel in libpq's environment, never on the command line.
 */
public final class DumpRestore {
    private final WorkerExecutor workers;
    private final String pgRestore;
    private final Duration timeout;

    /** @param pgRestore the {@code pg_restore} program; @param timeout the longest a restore may run */
    public DumpRestore(Vertx vertx, String pgRestore, Duration timeout) {
        this.workers = BackupWorkers.of(vertx);
        this.pgRestore = pgRestore;
        this.timeout = timeout;
    }

    /** Restores {@code backup} into the database that {@code into} names; fails with a {@link BackupException}. */
    public Future<Void> restore(Backup backup, PgConnectOptions into) {
        PgConnectOptions target = new PgConnectOptions(into);
        return workers.executeBlocking(() -> {
            run(backup, target);
            return null;
        }, false);
    }

    /** Blocking: runs on a worker thread. */
    private void run(Backup backup, PgConnectOptions into) throws IOException {
        Path file = Path.of(backup.location());
        if (!Files.isRegularFile(file)) {
            throw new BackupException("dump " + file + " does not exist");
        }
        String checksum = Sha256.of(file);
        if (backup.checksum() != null && !backup.checksum().equals(checksum)) {
            throw new BackupException("dump " + file + " has changed since it was written (sha256 " + checksum
                    + ", expected " + backup.checksum() + "); it is not restored");
        }
        Map<String, String> env = new LinkedHashMap<>(PgEnvironment.of(into));
        env.put("PGAPPNAME", "warden-restore");
        List<String> argv = List.of(pgRestore, "--exit-on-error", "--single-transaction", "--no-password",
                "--dbname=" + conninfoDatabase(into.getDatabase()), file.toString());
        ProcessOutcome outcome = ProcessRunner.run(argv, env, timeout, line -> { }, line -> { });
        if (!outcome.succeeded()) {
            throw new BackupException("pg_restore of " + file + " into database " + into.getDatabase() + " failed ("
                    + outcome.ending(timeout) + "): "
                    + outcome.stderrError(into.getPassword()));
        }
    }

    /** A conninfo naming only the database, so that a name with {@code =} is never read as options. */
    static String conninfoDatabase(String database) {
        return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
