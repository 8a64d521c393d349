package dev.warden.rollback.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a rollback runs; the daemon fills it from the configuration.
 *
 * @param criticalTables    tables counted exactly for the data impact ({@code orders} or {@code sales.orders})
 * @param lift              undo an earlier rollback of the same kind instead of applying it (read_only's lift)
 * @param sessionsGoneBound how long terminated sessions may take to disappear before a step gives up
 * @param restoreTimeout    the longest a restore (a clone copy, a pg_restore) may take
 * @param pgRestore         the {@code pg_restore} program, for dump backups
 */
public record RollbackOptions(List<String> criticalTables, boolean lift, Duration sessionsGoneBound,
                              Duration restoreTimeout, String pgRestore) {

    public RollbackOptions {
        criticalTables = List.copyOf(criticalTables);
        Objects.requireNonNull(sessionsGoneBound, "sessionsGoneBound");
        Objects.requireNonNull(restoreTimeout, "restoreTimeout");
        Objects.requireNonNull(pgRestore, "pgRestore");
    }

    /** No critical tables, apply (not lift), 5 s for sessions to go, 1 h per restore, pg_restore from PATH. */
    public static RollbackOptions defaults() {
        return new RollbackOptions(List.of(), false, Duration.ofSeconds(5), Duration.ofHours(1), "pg_restore");
    }

    public RollbackOptions withCriticalTables(List<String> tables) {
        return new RollbackOptions(tables, lift, sessionsGoneBound, restoreTimeout, pgRestore);
    }

    /** The same options, undoing instead of applying. */
    public RollbackOptions lifting() {
        return new RollbackOptions(criticalTables, true, sessionsGoneBound, restoreTimeout, pgRestore);
    }

    public RollbackOptions withPgRestore(String program) {
        return new RollbackOptions(criticalTables, lift, sessionsGoneBound, restoreTimeout, program);
    }
}
