package dev.warden.checks.schema;

import java.util.ArrayList;
import java.util.List;
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
            SchemaObject old = before.objects().get(key);
            SchemaObject now = after.objects().get(key);
            if (old == null) {
                changes.add(new SchemaChange(SchemaChange.Type.ADDED, now, List.of()));
            } else if (now == null) {
                changes.add(new SchemaChange(SchemaChange.Type.REMOVED, old, List.of()));
            } else if (!old.attributes().equals(now.attributes())) {
                changes.add(new SchemaChange(SchemaChange.Type.CHANGED, now, AttributeChanges.describe(old, now)));
            }
        }
        return changes;
    }
}
