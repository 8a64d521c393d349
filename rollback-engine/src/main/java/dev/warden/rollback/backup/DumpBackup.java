package dev.warden.rollback.backup;

import dev.warden.postgres.Connections;
import dev.warden.postgres.PgEnvironment;
import dev.warden.rollback.external.ProcessOutcome;
import dev.warden.rollback.external.ProcessRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
/**
 * A {@code pg_dump -Fc} file in a directory: online, no exclusivity, but it needs a local pg_dump
 * at least as new as the server. The file is written under a {@code .partial} name and renamed
 * only when pg_dump succeeded, so a file named {@code <name>.dump} is always complete.
 */
public final class DumpBackup implements BackupMethod {
    private static final Logger log = LoggerFactory.getLogger(DumpBackup.class);

    private final Vertx vertx;
    private final Clock clock;
    private final Path directory;
    private final DumpOptions options;
    private final WorkerExecutor workers;

    public DumpBackup(Vertx vertx, Clock clock, Path directory, DumpOptions options) {
        this.vertx = vertx;
        this.clock = clock;
        this.directory = directory;
        this.options = options;
        this.workers = BackupWorkers.of(vertx);
    }

    @Override
    public String kind() {
        return "dump";
    }

    @Override
    public Future<Backup> create(BackupRequest request) {
        return Connections.connect(vertx, request.source())
                .compose(connection -> connection
                        .query("SELECT current_setting('server_version_num')::int, current_setting('server_version')")
                        .execute().eventually(connection::close))
                .map(rows -> rows.iterator().next())
                .compose(row -> workers.executeBlocking(
                        () -> dump(request, row.getInteger(0), row.getString(1)), false));
    }

    @Override
    public Future<Verification> verify(Backup backup, BackupRequest request) {
        return workers.executeBlocking(() -> DumpVerifier.verify(backup, request.criticalTables(), options.pgRestore()),
                        false)
                .recover(e -> Future.succeededFuture(Verification.failed(
                        "could not verify dump " + backup.location() + ": " + e.getMessage(), List.of())));
    }

    /** Blocking: runs on a worker thread. */
    private Backup dump(BackupRequest request, int serverVersionNum, String serverVersion) throws IOException {
        String client = ClientVersion.of(options.pgDump());
        ClientVersion.requireDumpable(options.pgDump(), client, serverVersionNum, serverVersion);
        String name = request.backupName();
        Files.createDirectories(directory);
        Path file = directory.resolve(name + ".dump");
        Path partial = directory.resolve(name + ".dump.partial");
        if (Files.exists(file)) {
            throw new BackupException("dump " + file + " already exists; Warden never overwrites a backup");
        }
        Instant createdAt = clock.instant();
        long started = System.nanoTime();
        DumpProgressReporter progress = new DumpProgressReporter(name, partial, clock, options.progressInterval(),
                options.progress());
        Map<String, String> env = new LinkedHashMap<>(PgEnvironment.of(request.source()));
        env.put("PGAPPNAME", "warden-backup");
        List<String> argv = List.of(options.pgDump(), "--format=custom", "--verbose", "--no-password",
                "--lock-wait-timeout=" + options.lockWaitTimeout().toMillis(), "--file=" + partial);
        boolean renamed = false;
        try {
            ProcessOutcome outcome = ProcessRunner.run(argv, env, options.timeout(), line -> { }, progress::onLine);
            if (!outcome.succeeded()) {
                throw new BackupException("pg_dump of " + request.database() + " failed ("
                        + outcome.ending(options.timeout())
                        + "): " + outcome.stderrError(request.source().getPassword()));
            }
            String checksum = Sha256.of(partial);
            long size = Files.size(partial);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            renamed = true;
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            log.info("Dumped {} into {} ({} bytes, {} tables) in {} ms", request.database(), file, size,
                    progress.tables(), millis);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("source", request.database());
            details.put("server_version", serverVersion);
            details.put("pg_dump_version", client);
            details.put("reason", request.reason());
            details.put("tables_dumped", String.valueOf(progress.tables()));
            details.put("dump_ms", String.valueOf(millis));
            return new Backup(name, kind(), file.toString(), size, createdAt, checksum, false, Map.of(), details);
        } finally {
            if (!renamed) {
                Files.deleteIfExists(partial);
            }
        }
    }
}
