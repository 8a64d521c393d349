package dev.warden.checks.migrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Set;

/**
 * Reads one migration tool's history. Four short methods to write: the tool's name, its table's name,
 * how to recognise that table among the listed ones of that name, and how to read it. The reader has already made sure that no
 * AccessExclusiveLock is granted or waiting on the table (and its companions) before {@link #read} runs.
 */
public interface MigrationHistoryAdapter {

    /** The tool's name, one of {@link MigrationTools} for the built-in adapters. */
    String tool();

    /** The name of the tool's history table, listed in every schema. */
    String tableName();

    /**
     * Whether a listed table of that name is really this tool's: the same name can belong to another
     * tool, so check the columns the tool creates.
     */
    boolean recognises(CatalogTable table);

    /**
     * Reads at most {@code limit} of the newest rows, ordered newest first, with one bounded query per
     * table. SQL errors are left to the caller, which maps lock and statement timeouts to a skip.
     */
    Future<HistoryReading> read(SqlClient client, HistoryTable table, int limit);

    /** Other tables of the tool, read from the same schema (a lock table). */
    default Set<String> companionTableNames() {
        return Set.of();
    }

    /**
     * The bigint advisory lock keys the tool takes while it migrates a database of that name with its
     * history table in that schema; empty when the tool takes none or its key is not known exactly.
     */
    default Set<Long> advisoryLockKeys(String database, String schema) {
        return Set.of();
    }
}
