package dev.warden.checks.migrations;

import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;

/** Vert.x and a pool opened with Warden's session settings, for one test class; reads block the test thread. */
final class WardenConnection implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final Pool pool;

    WardenConnection(TestDatabase database) {
        this.pool = database.wardenPool(vertx);
    }

    Pool pool() {
        return pool;
    }

    MigrationHistory read() {
        return MigrationHistoryReader.builtIn().read(pool).await();
    }

    MigrationHistory read(List<MigrationHistoryAdapter> adapters) {
        return new MigrationHistoryReader(adapters, MigrationHistoryReader.DEFAULT_LIMIT,
                MigrationHistoryReader.WARDEN_APPLICATION_NAME).read(pool).await();
    }

    @Override
    public void close() {
        pool.close().await();
        vertx.close().await();
    }
}
