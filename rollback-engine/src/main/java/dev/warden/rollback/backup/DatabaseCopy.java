package dev.warden.rollback.backup;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;

/**
 * How {@code CREATE DATABASE ... TEMPLATE} copies a database on this server, as a Warden session
 * sees it: the server's version and, from PostgreSQL 18, {@code file_copy_method} (a user-settable
 * setting, so the server's, the role's or the database's value may apply). Clones and branch-swap
 * restores both copy this way.
 *
 * @param fileCopyMethod {@code copy} or {@code clone}; null before PostgreSQL 18, which only copies
 */
public record DatabaseCopy(String serverVersion, int serverVersionNum, String fileCopyMethod) {
    private static final String READ = "SELECT current_setting('server_version'),"
            + " current_setting('server_version_num')::int, current_setting('file_copy_method', true)";

    public static Future<DatabaseCopy> read(SqlClient session) {
        return session.query(READ).execute().map(rows -> {
            Row row = rows.iterator().next();
            return new DatabaseCopy(row.getString(0), row.getInteger(1), row.getString(2));
        });
    }

    /**
     * {@code STRATEGY FILE_COPY} from 15 on: the database's files are copied (or cloned, with
     * {@code file_copy_method = clone}) rather than written block by block through the WAL as the
     * default WAL_LOG does, which measured two to three times slower here (STACK.md). Before 15,
     * CREATE DATABASE has no strategy and always copies files.
     */
    public String strategyClause() {
        return serverVersionNum >= 150000 ? " STRATEGY FILE_COPY" : "";
    }

    /** Whether the copy clones files (reflinks where the file system has them) instead of copying their blocks. */
    public boolean clones() {
        return "clone".equals(fileCopyMethod);
    }

    /** "PostgreSQL 18.2, file_copy_method = clone", or the version alone before 18. */
    public String describe() {
        return "PostgreSQL " + serverVersion + (fileCopyMethod == null ? "" : ", file_copy_method = " + fileCopyMethod);
    }
}
