package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A history table an adapter recognised in the catalogue listing, and how reading it went. */
record Detection(MigrationHistoryAdapter adapter, HistoryTable table) {

    /** Either the reading or why the table was skipped. */
    record Outcome(String tool, HistoryReading reading, SkippedTable skipped) {
    }

    static List<Detection> find(List<MigrationHistoryAdapter> adapters, List<CatalogTable> listed) {
        List<Detection> found = new ArrayList<>();
        for (MigrationHistoryAdapter adapter : adapters) {
            for (CatalogTable table : listed) {
                if (table.name().equals(adapter.tableName()) && adapter.recognises(table)) {
                    List<CatalogTable> companions = listed.stream()
                            .filter(t -> t.schema().equals(table.schema()))
                            .filter(t -> adapter.companionTableNames().contains(t.name()))
                            .toList();
                    found.add(new Detection(adapter, new HistoryTable(table, companions)));
                }
            }
        }
        return found;
    }

    List<Long> oids() {
        List<Long> oids = new ArrayList<>();
        oids.add(table.main().oid());
        table.companions().forEach(t -> oids.add(t.oid()));
        return oids;
    }

    /** Skips the table when an AccessExclusiveLock is on it or a companion; maps timeouts to a skip. */
    Future<Outcome> read(SqlClient client, int limit, Map<Long, ExclusiveLocks.Holder> locks) {
        for (Long oid : oids()) {
            ExclusiveLocks.Holder holder = locks.get(oid);
            if (holder != null) {
                return Future.succeededFuture(skip(SkippedTable.Reason.ACCESS_EXCLUSIVE_LOCK, holder.describe(),
                        holder.pid()));
            }
        }
        return adapter.read(client, table, limit)
                .map(reading -> new Outcome(adapter.tool(), reading, null))
                .recover(error -> SqlErrors.skipReason(error)
                        .map(reason -> Future.succeededFuture(skip(reason, SqlErrors.describe(error), null)))
                        .orElseGet(() -> Future.failedFuture(error)));
    }

    private Outcome skip(SkippedTable.Reason reason, String detail, Integer pid) {
        CatalogTable main = table.main();
        return new Outcome(adapter.tool(), null,
                new SkippedTable(adapter.tool(), main.schema(), main.name(), reason, detail, pid));
    }
}
