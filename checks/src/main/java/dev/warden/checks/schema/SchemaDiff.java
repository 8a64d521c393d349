package dev.warden.checks.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between two fingerprints. Objects skipped in either fingerprint are left out: their
 * definition is unknown on one side, so neither "removed" nor "changed" would be true.
 */
public final class SchemaDiff {
    private SchemaDiff() {
    }

    /** Every added, removed and changed object, ordered by key; empty when the schemas are equal. */
    public static List<SchemaChange> between(SchemaFingerprint before, SchemaFingerprint after) {
        List<SchemaChange> changes = new ArrayList<>();
        if (before.hash().equals(after.hash())) {
            return changes;
        }
        Set<String> keys = new TreeSet<>(before.objects().keySet());
        keys.addAll(after.objects().keySet());
        keys.removeAll(before.skipped());
        keys.removeAll(after.skipped());
        for (String key : keys) {
            change(before.objects().get(key), after.objects().get(key)).ifPresent(changes::add);
        }
        return changes;
    }

    /** The change from one definition of an object to another (null: absent on that side), if any. */
    static Optional<SchemaChange> change(SchemaObject old, SchemaObject now) {
        if (old == null) {
            return Optional.ofNullable(now).map(added -> new SchemaChange(SchemaChange.Type.ADDED, added, List.of()));
        }
        if (now == null) {
            return Optional.of(new SchemaChange(SchemaChange.Type.REMOVED, old, List.of()));
        }
        return old.attributes().equals(now.attributes()) ? Optional.empty()
                : Optional.of(new SchemaChange(SchemaChange.Type.CHANGED, now, AttributeChanges.describe(old, now)));
    }
}
