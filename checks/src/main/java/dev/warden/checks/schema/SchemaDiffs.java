package dev.warden.checks.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between a fingerprint and the live schema an incremental fingerprint knows by hashes:
 * the keys whose hashes differ are found without any definition, then compared with the definitions
 * read for those keys alone. Gives what {@link SchemaDiff#between} gives for a full read.
 */
public final class SchemaDiffs {
    private SchemaDiffs() {
    }

    /** The keys of objects added, removed or changed, skipped ones on either side left out. */
    public static Set<String> differingKeys(SchemaFingerprint before, LiveSchema live) {
        Set<String> differing = new TreeSet<>();
        if (before.hash().equals(live.hash())) {
            return differing;
        }
        // One walk along both sorted key sets, comparing hashes: no lookups, no definitions.
        Iterator<Map.Entry<String, SchemaObject>> known = before.objects().entrySet().iterator();
        Iterator<Map.Entry<String, byte[]>> now = live.digests();
        Map.Entry<String, SchemaObject> a = next(known);
        Map.Entry<String, byte[]> b = next(now);
        while (a != null || b != null) {
            int order = a == null ? 1 : b == null ? -1 : a.getKey().compareTo(b.getKey());
            if (order < 0) {
                differing.add(a.getKey());
                a = next(known);
            } else if (order > 0) {
                differing.add(b.getKey());
                b = next(now);
            } else {
                if (!Arrays.equals(a.getValue().digest(), b.getValue())) {
                    differing.add(a.getKey());
                }
                a = next(known);
                b = next(now);
            }
        }
        differing.removeAll(before.skipped());
        differing.removeAll(live.skipped());
        return differing;
    }

    /**
     * The keys at which the live schema differs from {@code expected} with {@code overrides} in place
     * (objects accepted since): no merged fingerprint of 40,000 objects is built for that.
     */
    public static Set<String> differingKeys(SchemaFingerprint expected, Map<String, SchemaObject> overrides,
                                            LiveSchema live) {
        return withOverrides(differingKeys(expected, live), expected, overrides, live);
    }

    /** {@code differing} (the keys at which the live schema differs from {@code expected}) with the overrides in place. */
    static Set<String> withOverrides(Set<String> differing, SchemaFingerprint expected,
                                     Map<String, SchemaObject> overrides, LiveSchema live) {
        differing.removeAll(overrides.keySet());
        overrides.forEach((key, object) -> {
            if (!Arrays.equals(object.digest(), live.digest(key))) {
                differing.add(key);
            }
        });
        differing.removeAll(expected.skipped());
        differing.removeAll(live.skipped());
        return differing;
    }

    /**
     * The changes at these keys, given the live definitions read for them. A key the live schema has
     * but whose definition could not be read (a lock came meanwhile) is left out, as a skipped one is.
     */
    public static List<SchemaChange> of(SchemaFingerprint before, LiveSchema live, Set<String> keys,
                                        Map<String, SchemaObject> read) {
        List<SchemaChange> changes = new ArrayList<>();
        for (String key : new TreeSet<>(keys)) {
            SchemaObject old = before.objects().get(key);
            SchemaObject now = read.get(key);
            if (now == null && live.digest(key) != null) {
                continue;
            }
            SchemaDiff.change(old, now).ifPresent(changes::add);
        }
        return changes;
    }

    private static <T> T next(Iterator<T> items) {
        return items.hasNext() ? items.next() : null;
    }
}
