package dev.warden.rollback.down;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Set;

/**
 * A migration tool's history as down_migration reads and writes it. Reads refuse a history table
 * that a migration holds or awaits an exclusive lock on; {@link #before} and {@link #after} run in
 * the rollback's transaction, around each down script, and write what the tool itself would.
 */
interface MigrationLedger {

    /**
     * The applied versions the history shows, newest first; fails when the history cannot be
     * trusted (a failed or dirty migration, a migration running).
     */
    Future<List<String>> applied(SqlConnection c);

    /** Those of {@code versions} that the history still shows applied, in their order. */
    Future<List<String>> stillApplied(SqlConnection c, List<String> versions);

    /** Before {@code undo}'s script runs. */
    Future<Void> before(SqlConnection c, Undo undo);

    /** After {@code undo}'s script ran for {@code millis}. */
    Future<Void> after(SqlConnection c, Undo undo, long millis);

    /**
     * The advisory locks the tool takes while it migrates: taken by the rollback's transaction, so
     * that no run of the tool overlaps it.
     */
    Set<Long> advisoryLockKeys(String database);

    /** What the rollback records, for the plan. */
    String describe();
}
