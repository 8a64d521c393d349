package dev.warden.checks.rows;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Row counts of a target: an estimate for every user table (one query), and an exact count for
 * each critical table, one after another so that at most one connection is busy counting. A
 * critical table with an AccessExclusiveLock granted or awaited is skipped, not waited for.
 *
 * <p>Pass a pool, or a connection that is not inside a transaction: each exact count runs in its
 * own implicit transaction.
 */
public final class RowCounter {
    private RowCounter() {
    }

    public static Future<RowCounts> count(SqlClient client, RowCountRequest request) {
        return RowEstimates.read(client, request.criticalOnly() ? request.criticalTables() : null).compose(estimates -> {
            Map<String, RowEstimates.Estimate> byName = new HashMap<>();
            estimates.forEach(estimate -> byName.put(estimate.count().qualifiedName(), estimate));
            List<TableRowCount> decided = new ArrayList<>();
            List<TableRowCount> toCount = new ArrayList<>();
            for (String critical : request.criticalTables()) {
                RowEstimates.Estimate estimate = byName.get(critical);
                if (estimate == null) {
                    decided.add(TableRowCount.missing(critical));
                } else if (estimate.locked()) {
                    decided.add(ExactCount.skippedLocked(estimate.count()));
                } else {
                    toCount.add(estimate.count());
                }
            }
            return countInTurn(client, toCount, request.exactCountTimeout())
                    .map(counted -> assemble(estimates, Stream.concat(decided.stream(), counted.stream()).toList()));
        });
    }

    /** Sequential on purpose: a target gets at most one exact count at a time. */
    private static Future<List<TableRowCount>> countInTurn(SqlClient client, List<TableRowCount> tables, Duration timeout) {
        Future<List<TableRowCount>> chain = Future.succeededFuture(List.of());
        for (TableRowCount table : tables) {
            chain = chain.compose(done -> ExactCount.count(client, table, timeout)
                    .map(counted -> Stream.concat(done.stream(), Stream.of(counted)).toList()));
        }
        return chain;
    }

    /** Every estimated table in catalog order, with critical results in place, then missing ones. */
    private static RowCounts assemble(List<RowEstimates.Estimate> estimates, List<TableRowCount> critical) {
        Map<String, TableRowCount> criticalByName = new LinkedHashMap<>();
        critical.forEach(table -> criticalByName.put(table.qualifiedName(), table));
        List<TableRowCount> tables = new ArrayList<>();
        for (RowEstimates.Estimate estimate : estimates) {
            TableRowCount result = criticalByName.remove(estimate.count().qualifiedName());
            tables.add(result != null ? result : estimate.count());
        }
        tables.addAll(criticalByName.values());
        return new RowCounts(tables);
    }
}
