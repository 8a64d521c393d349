package dev.warden.checks.schema;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link SchemaDiffs#differingKeys(SchemaFingerprint, Map, LiveSchema)} for one check, which remembers its
 * last answer: compared again with the same expected schema, a live schema of the same incremental
 * fingerprint is looked at only at the keys that changed since, not at every one of 40,000 objects.
 * Whenever a side has skipped objects, or the fingerprint no longer knows what changed, it walks them all.
 */
public final class DifferingKeys {
    private SchemaFingerprint expected;
    private long version;
    private Set<String> differing;

    /** The keys of objects added, removed or changed, skipped ones on either side left out. */
    public synchronized Set<String> between(SchemaFingerprint expected, Map<String, SchemaObject> overrides,
                                            LiveSchema live) {
        boolean complete = expected.complete() && live.complete();
        Optional<Set<String>> changed = complete && differing != null && expected == this.expected
                ? live.changedSince(version) : Optional.empty();
        Set<String> now;
        if (changed.isPresent()) {
            now = new TreeSet<>(differing);
            for (String key : changed.get()) {
                SchemaObject wanted = expected.objects().get(key);
                byte[] found = live.digest(key);
                if (wanted == null ? found != null : !Arrays.equals(wanted.digest(), found)) {
                    now.add(key);
                } else {
                    now.remove(key);
                }
            }
        } else {
            now = SchemaDiffs.differingKeys(expected, live);
        }
        if (complete) {
            this.expected = expected;
            this.version = live.version();
            this.differing = Set.copyOf(now);
        } else {
            this.differing = null;
        }
        return SchemaDiffs.withOverrides(now, expected, overrides, live);
    }
}
