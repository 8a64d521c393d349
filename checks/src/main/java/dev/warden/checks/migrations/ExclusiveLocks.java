package dev.warden.checks.migrations;

import dev.warden.checks.activity.DatabaseActivity;
import dev.warden.checks.activity.ServerActivity.ExclusiveLock;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds AccessExclusiveLocks granted or waiting on given tables, in a reading of the server's activity.
 * A read queued behind either would itself block every later query on the table, so such a table is
 * skipped, not read.
 */
final class ExclusiveLocks {
    /** Who holds (granted) or wants (waiting) the lock; pid 0 is a prepared transaction. */
    record Holder(long relation, int pid, boolean granted) {
        String describe() {
            return "AccessExclusiveLock " + (granted ? "held" : "awaited") + " by pid " + pid;
        }
    }

    private ExclusiveLocks() {
    }

    /** The first holder per table oid; granted locks come before waiting ones, then the lowest pid. */
    static Map<Long, Holder> find(DatabaseActivity activity, Collection<Long> oids) {
        Map<Long, Holder> holders = new HashMap<>();
        activity.exclusiveLocks().stream()
                .filter(lock -> oids.contains(lock.relation()))
                .sorted(Comparator.comparing(ExclusiveLock::granted).reversed().thenComparingInt(ExclusiveLock::pid))
                .forEach(lock -> holders.putIfAbsent(lock.relation(),
                        new Holder(lock.relation(), lock.pid(), lock.granted())));
        return holders;
    }
}
