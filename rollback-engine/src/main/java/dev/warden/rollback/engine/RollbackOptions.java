package dev.warden.rollback.engine;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a rollback runs; the daemon fills it from the configuration.
 *
 * @param criticalTables    tables counted exactly for the data impact ({@code orders} or {@code sales.orders})
 * @param lift              undo an earlier rollback of the same kind instead of applying it (read_only's lift)
 * @param sessionsGoneBound how long terminated sessions may take to disappear before a step gives up
 * @param restoreTimeout    the longest a restore (a clone copy, a pg_restore) may take
 * @param pgRestore         the {@code pg_restore} program, for dump backups
 * @param pinned            facts a strategy's plan resolved and its steps must repeat exactly, even
 *                          after a restart (down_migration's versions to undo): journaled with the
 *                          request, so that the steps never re-decide what the approved plan said.
 *                          Keys are {@code <strategy>.<fact>}; never credentials
 */
public record RollbackOptions(List<String> criticalTables, boolean lift, Duration sessionsGoneBound,
                              Duration restoreTimeout, String pgRestore, Map<String, String> pinned) {

    public RollbackOptions {
        criticalTables = List.copyOf(criticalTables);
        Objects.requireNonNull(sessionsGoneBound, "sessionsGoneBound");
        Objects.requireNonNull(restoreTimeout, "restoreTimeout");
        Objects.requireNonNull(pgRestore, "pgRestore");
        pinned = Collections.unmodifiableMap(new TreeMap<>(pinned));
    }

    /** Options with nothing pinned yet. */
    public RollbackOptions(List<String> criticalTables, boolean lift, Duration sessionsGoneBound,
                           Duration restoreTimeout, String pgRestore) {
        this(criticalTables, lift, sessionsGoneBound, restoreTimeout, pgRestore, Map.of());
    }

    /** No critical tables, apply (not lift), 5 s for sessions to go, 1 h per restore, pg_restore from PATH. */
    public static RollbackOptions defaults() {
        return new RollbackOptions(List.of(), false, Duration.ofSeconds(5), Duration.ofHours(1), "pg_restore");
    }

    public RollbackOptions withCriticalTables(List<String> tables) {
        return new RollbackOptions(tables, lift, sessionsGoneBound, restoreTimeout, pgRestore, pinned);
    }

    /** The same options, undoing instead of applying. */
    public RollbackOptions lifting() {
        return new RollbackOptions(criticalTables, true, sessionsGoneBound, restoreTimeout, pgRestore, pinned);
    }

    public RollbackOptions withPgRestore(String program) {
        return new RollbackOptions(criticalTables, lift, sessionsGoneBound, restoreTimeout, program, pinned);
    }

    /** The same options with {@code facts} pinned as well (replacing equal keys). */
    public RollbackOptions withPinned(Map<String, String> facts) {
        Map<String, String> all = new TreeMap<>(pinned);
        all.putAll(facts);
        return new RollbackOptions(criticalTables, lift, sessionsGoneBound, restoreTimeout, pgRestore, all);
    }
}
