package dev.warden.rollback.backup;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The worker pool for backup processes and files. A dump may take hours: on Vert.x's default
 * pool that would raise "thread blocked" warnings after a minute.
 */
final class BackupWorkers {
    private static final int SIZE = 4;

    private BackupWorkers() {
    }

    static WorkerExecutor of(Vertx vertx) {
        return vertx.createSharedWorkerExecutor("warden-backup", SIZE, 24, TimeUnit.HOURS);
    }
}
