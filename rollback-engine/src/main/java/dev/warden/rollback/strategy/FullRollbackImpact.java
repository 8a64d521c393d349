package dev.warden.rollback.strategy;

import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.engine.DataImpact;
import dev.warden.rollback.swap.SwapNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
/**
 * What a full_rollback does to data: the swap's counts and set-aside tables, and notes in the order
 * things happen, saying where the pre-rollback copy is and when writes come back.
 */
final class FullRollbackImpact {
    private FullRollbackImpact() {
    }

    static DataImpact of(SwapNames names, Backup backup, DataImpact stop, DataImpact swap, Optional<DataImpact> revert) {
        String db = names.target();
        List<String> notes = new ArrayList<>();
        notes.add("full_rollback of " + db + ": stop writes, restore backup " + backup.id() + " (taken "
                + backup.createdAt() + ") by a swap, verify it" + (revert.isPresent() ? ", revert the code" : "")
                + ", then allow writes again");
        stop.notes().forEach(note -> notes.add("stop writes: " + note));
        notes.add("no separate pre-rollback backup is taken: the replaced database is kept as " + names.replaced()
                + ": that is the pre-rollback copy (the data as it was once writes stopped; it stays read-only and is"
                + " never dropped)");
        swap.notes().forEach(note -> notes.add("restore: " + note));
        notes.add("the restore is verified before it takes the name " + db + ": exact row counts of the critical"
                + " tables against the backup's, and its user tables against the backup's; if they differ nothing is"
                + " swapped, " + db + " stays read-only and a human decides");
        revert.ifPresentOrElse(code -> code.notes().forEach(note -> notes.add("code revert: " + note)),
                () -> notes.add("code revert skipped: " + FullRollbackStrategy.NO_CODE_REVERT));
        notes.add("writes to " + db + " are allowed again only at the end, once the restore is verified"
                + (revert.isPresent() ? " and the code revert has gone through" : ""));
        return new DataImpact(swap.tables(), swap.tablesSetAside(), swap.dropped(), notes);
    }
}
