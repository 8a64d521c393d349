package dev.warden.checks.schema;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * The live schema as an incremental fingerprint knows it: the same total hash and skipped keys as a
 * full {@link SchemaReader#read}, and each object's hash, without its definition. Valid until the
 * next refresh of the fingerprint it came from.
 */
public final class LiveSchema {
    private final String hash;
    private final List<String> skipped;
    private final NavigableMap<String, FingerprintState.Entry> objects;
    private final Set<String> lockedUnchanged;
    private final Refresh refresh;
    private final long version;
    private final LongFunction<Optional<Set<String>>> changes;

    LiveSchema(String hash, List<String> skipped, NavigableMap<String, FingerprintState.Entry> objects,
               Set<String> lockedUnchanged, Refresh refresh, long version,
               LongFunction<Optional<Set<String>>> changes) {
        this.hash = hash;
        this.skipped = List.copyOf(skipped);
        this.objects = objects;
        this.lockedUnchanged = Set.copyOf(lockedUnchanged);
        this.refresh = refresh;
        this.version = version;
        this.changes = changes;
    }

    /** Which state of its fingerprint this is: the same version, the same objects. */
    long version() {
        return version;
    }

    /** The keys (at least) that changed since the state of {@code version}, when the fingerprint still knows. */
    Optional<Set<String>> changedSince(long version) {
        return changes.apply(version);
    }

    /** What a refresh did: read in full, or scanned some catalogs and deparsed a few objects. */
    public record Refresh(boolean full, int scannedCatalogs, int deparsed) {
    }

    public String hash() {
        return hash;
    }

    public List<String> skipped() {
        return skipped;
    }

    public boolean complete() {
        return skipped.isEmpty();
    }

    public Refresh refresh() {
        return refresh;
    }

    public int size() {
        return objects.size() - lockedUnchanged.size();
    }

    /** The keys of every object read, in order. */
    public Iterable<String> keys() {
        return () -> objects.keySet().stream().filter(key -> !lockedUnchanged.contains(key)).iterator();
    }

    /** Each object read with its hash, in key order (the hash array is not to be modified). */
    Iterator<Map.Entry<String, byte[]>> digests() {
        Iterator<Map.Entry<String, FingerprintState.Entry>> entries = objects.entrySet().iterator();
        return new Iterator<>() {
            private Map.Entry<String, byte[]> next = advance();

            private Map.Entry<String, byte[]> advance() {
                while (entries.hasNext()) {
                    Map.Entry<String, FingerprintState.Entry> entry = entries.next();
                    if (lockedUnchanged.isEmpty() || !lockedUnchanged.contains(entry.getKey())) {
                        return Map.entry(entry.getKey(), entry.getValue().digest());
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Map.Entry<String, byte[]> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Map.Entry<String, byte[]> current = next;
                next = advance();
                return current;
            }
        };
    }

    /** The object's hash, or null when there is no such object (or it was left unread). */
    byte[] digest(String key) {
        FingerprintState.Entry entry = objects.get(key);
        return entry == null || lockedUnchanged.contains(key) ? null : entry.digest();
    }
}
