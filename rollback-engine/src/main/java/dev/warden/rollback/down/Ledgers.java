package dev.warden.rollback.down;

import dev.warden.rollback.backup.SqlText;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Optional;
/** The ledger and the session setup of a down_migration tool. */
final class Ledgers {
    private Ledgers() {
    }

    static MigrationLedger of(DownMigrationSettings settings) {
        return switch (settings.tool()) {
            case FLYWAY -> new FlywayLedger(settings);
            case GOLANG_MIGRATE -> new GolangMigrateLedger(settings);
            case DIRECTORY -> new HistoryReaderLedger(settings.historyTool(), false);
            case COMMAND -> new HistoryReaderLedger(settings.historyTool(), true);
        };
    }

    /**
     * Flyway runs a schema's migrations with that schema as the search_path; its undo scripts expect
     * the same. Other tools leave the session's own.
     */
    static Optional<String> searchPath(DownMigrationSettings settings) {
        return settings.tool() == DownMigrationTool.FLYWAY && !"public".equals(settings.historySchema())
                ? Optional.of(settings.historySchema()) : Optional.empty();
    }

    /** Sets the search_path for this session ({@code local}: for this transaction only) when the tool needs one. */
    static Future<Void> applySearchPath(SqlConnection c, DownMigrationSettings settings, boolean local) {
        return searchPath(settings).map(schema -> c.query("SET " + (local ? "LOCAL " : "") + "search_path TO "
                + SqlText.identifier(schema)).execute().<Void>mapEmpty())
                .orElse(Future.succeededFuture());
    }
}
