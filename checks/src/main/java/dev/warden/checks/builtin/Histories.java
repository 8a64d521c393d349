package dev.warden.checks.builtin;

import dev.warden.checks.CheckContext;
import dev.warden.checks.migrations.MigrationHistory;
import dev.warden.checks.migrations.MigrationHistoryReader;
import io.vertx.core.Future;

/** The migration history a check judges: the one the daemon read this cycle, else a fresh read. */
final class Histories {
    private Histories() {
    }

    static Future<MigrationHistory> current(CheckContext context) {
        return context.baseline().migrationHistory()
                .map(Future::succeededFuture)
                .orElseGet(() -> MigrationHistoryReader.builtIn().read(context.pool(), context.activity()));
    }
}
