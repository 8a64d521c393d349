package dev.warden.rollback.backup;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/**
 * One reading of {@code pg_stat_archiver}: the newest WAL file archived and the failures so far.
 *
 * @param lastArchivedWal  the newest file archive_command reported done, or null
 * @param lastArchivedTime when, or null
 * @param failedCount      failed attempts since the statistics were reset
 * @param lastFailedWal    the file of the newest failure, or null
 * @param lastFailedTime   when, or null
 */
public record ArchiverStatus(String lastArchivedWal, OffsetDateTime lastArchivedTime, long failedCount,
                             String lastFailedWal, OffsetDateTime lastFailedTime) {
    /** A WAL segment's name: timeline, log and segment, 8 hex digits each. */
    private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");
    private static final String QUERY = "SELECT last_archived_wal, last_archived_time, failed_count, last_failed_wal,"
            + " last_failed_time FROM pg_stat_archiver";

    /** Read in its own implicit transaction: PostgreSQL 15 caches statistics until a transaction ends. */
    public static Future<ArchiverStatus> read(SqlClient client) {
        return client.query(QUERY).execute().map(rows -> {
            Row row = rows.iterator().next();
            return new ArchiverStatus(row.getString(0), row.getOffsetDateTime(1), row.getLong(2), row.getString(3),
                    row.getOffsetDateTime(4));
        });
    }

    /**
     * Whether {@code segment} is archived: the archiver sends completed segments oldest first, so the
     * segment is in the archive once the newest archived one sorts at or after it. A {@code .backup} or
     * {@code .partial} file counts for the segment it names; a timeline's {@code .history} file says nothing.
     */
    public boolean archived(String segment) {
        if (lastArchivedWal == null || lastArchivedWal.length() < 24
                || !SEGMENT.matcher(lastArchivedWal.substring(0, 24)).matches()) {
            return false;
        }
        return lastArchivedWal.substring(0, 24).compareTo(segment) >= 0;
    }

    /** "last archived X at T" and, when anything failed, "failed_count N, last_failed_wal Y at T". */
    public String describe() {
        String archived = lastArchivedWal == null ? "nothing archived yet"
                : "last archived " + lastArchivedWal + " at " + lastArchivedTime;
        return failedCount == 0 ? archived
                : archived + "; failed_count " + failedCount + ", last_failed_wal " + lastFailedWal + " at " + lastFailedTime;
    }
}
