package dev.warden.daemon.snapshot;

import dev.warden.config.SnapshotConfig;
import dev.warden.config.TargetConfig;
import dev.warden.postgres.Connections;
import dev.warden.rollback.backup.BackupMethod;
import dev.warden.rollback.backup.CloneBackup;
import dev.warden.rollback.backup.CommandBackup;
import dev.warden.rollback.backup.DumpBackup;
import dev.warden.rollback.backup.DumpOptions;
import dev.warden.rollback.backup.RestorePointBackup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The backup method a target's configuration asks for, and how retention disposes of what it made. */
public final class Backups {
    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    private static final Duration CLONE_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofHours(2);

    private Backups() {
    }

    /** Null when snapshots are metadata only. */
    public static BackupMethod forTarget(Vertx vertx, Clock clock, TargetConfig target) {
        SnapshotConfig config = target.snapshots();
        return switch (config.backup()) {
            case NONE -> null;
            case CLONE -> new CloneBackup(vertx, clock, CLONE_TIMEOUT);
            case DUMP -> new DumpBackup(vertx, clock, config.dumpDir(), DumpOptions.defaults());
            case COMMAND -> new CommandBackup(vertx, clock, config.backupCommand(), config.verifyCommand(), COMMAND_TIMEOUT);
            case RESTORE_POINT -> new RestorePointBackup(vertx, clock, config.archiveTimeout());
        };
    }

    /**
     * Removes a backup Warden made: drops a clone database (only one named as Warden names them,
     * never by force: a session on it makes the drop fail and retention tries again next time) or
     * deletes a dump file. A command's backup, and the WAL a restore point needs, are the user's tool's
     * to remove (pgBackRest's retention).
     */
    static Future<Void> discard(Vertx vertx, TargetConfig target, SnapshotSummary snapshot) {
        return switch (snapshot.backupKind()) {
            case "clone" -> snapshot.backupLocation().contains("__warden_")
                    ? Connections.connect(vertx, Connections.options(target.connection().withDatabase("postgres"), target.session()))
                        .compose(maintenance -> maintenance.query("DROP DATABASE IF EXISTS \""
                                + snapshot.backupLocation().replace("\"", "\"\"") + "\"").execute()
                                .eventually(maintenance::close))
                        .mapEmpty()
                    : Future.failedFuture("refusing to drop " + snapshot.backupLocation() + ": not a Warden backup name");
            case "dump" -> vertx.fileSystem().exists(snapshot.backupLocation())
                    .compose(exists -> exists ? vertx.fileSystem().delete(snapshot.backupLocation()) : Future.succeededFuture());
            default -> {
                log.info("Snapshot {} of {} expired; its {} backup {} is left for its tool to remove", snapshot.id(),
                        target.name(), snapshot.backupKind(), snapshot.backupLocation());
                yield Future.succeededFuture();
            }
        };
    }
}
