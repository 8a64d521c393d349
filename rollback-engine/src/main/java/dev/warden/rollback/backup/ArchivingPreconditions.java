package dev.warden.rollback.backup;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;

/**
 * What a named restore point needs before one is made, each refusal saying what to change: a primary
 * (not in recovery), continuous archiving (archive_mode on, something to archive with), and the
 * right to create the point and switch WAL files. archive_command is only checked where this role
 * may read it.
 */
final class ArchivingPreconditions {
    private static final String QUERY = "SELECT current_user, pg_is_in_recovery(), current_setting('archive_mode'),"
            + " has_function_privilege('pg_create_restore_point(text)', 'EXECUTE'),"
            + " has_function_privilege('pg_switch_wal()', 'EXECUTE'),"
            + " (SELECT string_agg(setting, '') FROM pg_settings WHERE name IN ('archive_command', 'archive_library')),"
            + " (SELECT count(*) FROM pg_settings WHERE name IN ('archive_command', 'archive_library'))";

    private ArchivingPreconditions() {
    }

    /** Fails with a {@link BackupException} listing every unmet precondition. */
    static Future<Void> check(SqlClient client, String database) {
        return client.query(QUERY).execute().compose(rows -> {
            Row row = rows.iterator().next();
            String user = row.getString(0);
            List<String> refusals = new ArrayList<>();
            if (row.getBoolean(1)) {
                refusals.add("the server is in recovery (a standby): create restore points on the primary");
            }
            if ("off".equals(row.getString(2))) {
                refusals.add("archive_mode is off: a restore point needs continuous archiving (archive_mode = on and"
                        + " an archive_command such as pgbackrest archive-push)");
            } else if (row.getLong(6) == 2 && row.getString(5).isEmpty()) {
                refusals.add("archive_mode is on but archive_command and archive_library are empty: no WAL leaves the"
                        + " server");
            }
            if (!row.getBoolean(3)) {
                refusals.add("role " + user + " may not run pg_create_restore_point (a superuser may: GRANT EXECUTE ON"
                        + " FUNCTION pg_create_restore_point(text) TO " + user + ")");
            }
            if (!row.getBoolean(4)) {
                refusals.add("role " + user + " may not run pg_switch_wal (a superuser may: GRANT EXECUTE ON FUNCTION"
                        + " pg_switch_wal() TO " + user + ")");
            }
            return refusals.isEmpty() ? Future.succeededFuture() : Future.failedFuture(new BackupException(
                    "cannot create a restore point of " + database + ": " + String.join("; ", refusals)));
        });
    }
}
