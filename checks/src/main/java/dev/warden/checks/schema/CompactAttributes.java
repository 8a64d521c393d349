package dev.warden.checks.schema;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A schema object's attributes as two sorted arrays, read-only. An expected schema of 10,000 tables
 * holds about 40,000 objects and their attributes for every cycle's comparison: as a TreeMap each
 * attribute costs an entry of 40 bytes besides its strings, and every table repeats the same names
 * ({@code column.id.type}) and values ({@code bigint}, {@code true}). Here an attribute costs two array
 * slots, and names and short values are interned, so that all tables share one copy of each.
 * Iterates in key order, as the hash needs; equal to any {@link Map} with the same entries.
 */
final class CompactAttributes extends AbstractMap<String, String> {
    /** Longer values (index and view definitions, defaults) are rarely shared: not worth a string-table entry. */
    private static final int INTERNED_VALUE_LENGTH = 64;

    private final String[] keys;
    private final String[] values;

    private CompactAttributes(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
    }

    static CompactAttributes of(Map<String, String> attributes) {
        if (attributes instanceof CompactAttributes compact) {
            return compact;
        }
        String[] keys = attributes.keySet().toArray(new String[0]);
        Arrays.sort(keys);
        String[] values = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            String value = attributes.get(keys[i]);
            keys[i] = keys[i].intern();
            values[i] = value != null && value.length() <= INTERNED_VALUE_LENGTH ? value.intern() : value;
        }
        return new CompactAttributes(keys, values);
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public String get(Object key) {
        int index = indexOf(key);
        return index >= 0 ? values[index] : null;
    }

    private int indexOf(Object key) {
        return key instanceof String name ? Arrays.binarySearch(keys, name) : -1;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int at = next++;
                        return new SimpleImmutableEntry<>(keys[at], values[at]);
                    }
                };
            }
        };
    }
}
