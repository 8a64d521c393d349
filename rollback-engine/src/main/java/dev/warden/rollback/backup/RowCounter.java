package dev.warden.rollback.backup;

import dev.warden.checks.rows.CountStatus;
import dev.warden.checks.rows.RowCountRequest;
import dev.warden.checks.rows.RowCounts;
import dev.warden.checks.rows.TableRowCount;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact counts of the critical tables, for comparing a clone with its source: the checks module's
 * counter, which never queues behind a migration's lock, read into the shape verification compares.
 */
public final class RowCounter {
    /** The clone's source is closed to clients while it is counted: long enough for big tables, still bounded. */
    private static final Duration COUNT_TIMEOUT = Duration.ofSeconds(60);

    private RowCounter() {
    }

    public static Future<TableCounts> count(SqlConnection connection, List<String> tables) {
        return dev.warden.checks.rows.RowCounter.count(connection, new RowCountRequest(tables, COUNT_TIMEOUT))
                .map(RowCounter::toTableCounts);
    }

    /** The exact counts among {@code counts} (a snapshot's, for one), and why the others were not counted. */
    public static TableCounts toTableCounts(RowCounts counts) {
        Map<String, Long> rows = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (TableRowCount table : counts.tables()) {
            if (table.status() == CountStatus.COUNTED) {
                rows.put(table.qualifiedName(), table.exactRows());
            } else if (table.status() != CountStatus.ESTIMATED_ONLY) {
                skipped.put(table.qualifiedName(), table.status().name().toLowerCase()
                        + (table.detail() == null ? "" : ": " + table.detail()));
            }
        }
        return new TableCounts(rows, skipped, counts.tables().size());
    }
}
