package dev.warden.checks.schema;

import java.util.Arrays;
import java.util.Collection;

/**
 * An immutable set of oids as a sorted int array: 4 bytes each, where a set of boxed longs takes ten
 * times that. Oids are unsigned; each is stored with its sign bit flipped so that int order is oid order.
 */
final class OidSet {
    static final OidSet EMPTY = new OidSet(new int[0]);

    private final int[] flipped;

    private OidSet(int[] flipped) {
        this.flipped = flipped;
    }

    static OidSet of(Collection<Long> oids) {
        int[] values = new int[oids.size()];
        int i = 0;
        for (long oid : oids) {
            values[i++] = flip(oid);
        }
        return sortedDistinct(values);
    }

    boolean contains(long oid) {
        return Arrays.binarySearch(flipped, flip(oid)) >= 0;
    }

    int size() {
        return flipped.length;
    }

    OidSet with(Collection<Long> more) {
        if (more.isEmpty()) {
            return this;
        }
        int[] all = Arrays.copyOf(flipped, flipped.length + more.size());
        int i = flipped.length;
        for (long oid : more) {
            all[i++] = flip(oid);
        }
        return sortedDistinct(all);
    }

    /** The stored form, for the persisted state. */
    int[] stored() {
        return flipped.clone();
    }

    static OidSet fromStored(int[] stored) {
        return sortedDistinct(stored.clone());
    }

    private static OidSet sortedDistinct(int[] values) {
        Arrays.sort(values);
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (n == 0 || values[i] != values[n - 1]) {
                values[n++] = values[i];
            }
        }
        return new OidSet(n == values.length ? values : Arrays.copyOf(values, n));
    }

    private static int flip(long oid) {
        return (int) oid ^ Integer.MIN_VALUE;
    }
}
