package dev.warden.checks.schema;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * What an incremental fingerprint remembers between reads, and stores: per object its key, its
 * identity and its 32-byte hash (never its definition); per watched catalog its write counter and its
 * horizon; the populations that reveal deletions; the objects a lock kept unread, to read next time.
 */
final class FingerprintState {
    /** 2: format 1 and the total hash at the end; format 1 is still read (its total is computed again). */
    private static final int FORMAT = 2;
    private static final int FORMAT_WITHOUT_TOTAL = 1;
    /** Deflate and DataInput/Output in 8-byte steps call zlib for each; buffered, a 40,000-object state reads at once. */
    private static final int BUFFER = 64 * 1024;

    /** One object: the catalog row it is and the SHA-256 of its definition. */
    record Entry(long identity, byte[] digest) {
    }

    final String filter;
    final long database;
    final String system;
    final long fullReadAt;
    final long[] counters = new long[WatchedCatalog.values().length];
    final long[] horizons = new long[WatchedCatalog.values().length];
    final Map<WatchedCatalog, OidSet> populations = new EnumMap<>(WatchedCatalog.class);
    final Set<Long> pending = new HashSet<>();
    final TreeMap<String, Entry> byKey = new TreeMap<>();
    private final Map<Long, String> keyByIdentity = new HashMap<>();
    /** The objects' total hash, made again from the first changed key on (stored when known, to spare a restore). */
    private final ObjectsTotal total = new ObjectsTotal();
    /** The keys added, changed or removed since last drained; null while not tracked (a state being filled). */
    private Set<String> touched;

    FingerprintState(String filter, long database, String system, long fullReadAt) {
        this.filter = filter;
        this.database = database;
        this.system = system;
        this.fullReadAt = fullReadAt;
    }

    /** What {@link #write} needs, copied: the entries, sets and populations are immutable or copied. */
    FingerprintState copy() {
        FingerprintState copy = new FingerprintState(filter, database, system, fullReadAt);
        System.arraycopy(counters, 0, copy.counters, 0, counters.length);
        System.arraycopy(horizons, 0, copy.horizons, 0, horizons.length);
        copy.populations.putAll(populations);
        copy.pending.addAll(pending);
        copy.byKey.putAll(byKey);
        String known = total.known();
        if (known != null) {
            copy.total.restore(known);
        }
        return copy;
    }

    static String filterKey(SchemaFilter filter) {
        return String.join(",", filter.includeSchemas()) + "|" + String.join(",", filter.excludeSchemas());
    }

    /** Puts an object in place of what its identity was before (a rename changes the key); true when it changed. */
    boolean put(long identity, String key, byte[] digest) {
        String before = keyByIdentity.put(identity, key);
        if (before != null && !before.equals(key)) {
            byKey.remove(before);
            changed(before);
        }
        Entry old = byKey.put(key, new Entry(identity, digest));
        if (old != null && old.identity() != identity) {
            keyByIdentity.remove(old.identity());
        }
        boolean changed = old == null || !key.equals(before) || !java.util.Arrays.equals(old.digest(), digest);
        if (changed) {
            changed(key);
        }
        return changed;
    }

    /** Forgets the object of this identity; true when there was one. */
    boolean remove(long identity) {
        String key = keyByIdentity.remove(identity);
        if (key != null && byKey.remove(key) != null) {
            changed(key);
            return true;
        }
        return false;
    }

    private void changed(String key) {
        total.changed(key);
        if (touched != null) {
            touched.add(key);
        }
    }

    /** From now on, remembers the keys that change, until drained. */
    void startTracking() {
        touched = new HashSet<>();
    }

    /** The keys added, changed or removed since the last call (or since tracking started). */
    Set<String> drainTouched() {
        Set<String> drained = touched == null ? Set.of() : touched;
        touched = touched == null ? null : new HashSet<>();
        return drained;
    }

    /** The total hash over every object, as a full read with nothing skipped makes it. */
    String total() {
        return total.of(byKey);
    }

    /** Whether {@link #total()} is known without hashing (made since the last change, or restored with the state). */
    boolean totalKnown() {
        return total.known() != null;
    }

    String keyOf(long identity) {
        return keyByIdentity.get(identity);
    }

    /** The state, with the total hash over its objects when it is known (sparing a restore its 40,000 hashings). */
    byte[] write() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // Buffered: unbuffered, each writeLong was a deflate call of its own (1.5x the CPU at 40,000 entries).
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new DeflaterOutputStream(bytes), BUFFER))) {
            out.writeInt(FORMAT);
            out.writeUTF(filter);
            out.writeLong(database);
            out.writeUTF(system);
            out.writeLong(fullReadAt);
            for (int i = 0; i < counters.length; i++) {
                out.writeLong(counters[i]);
                out.writeLong(horizons[i]);
            }
            out.writeInt(populations.size());
            for (Map.Entry<WatchedCatalog, OidSet> population : populations.entrySet()) {
                out.writeInt(population.getKey().ordinal());
                int[] stored = population.getValue().stored();
                out.writeInt(stored.length);
                for (int value : stored) {
                    out.writeInt(value);
                }
            }
            out.writeInt(pending.size());
            for (long identity : pending) {
                out.writeLong(identity);
            }
            out.writeInt(byKey.size());
            for (Map.Entry<String, Entry> entry : byKey.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeLong(entry.getValue().identity());
                out.write(entry.getValue().digest());
            }
            String known = total.known();
            out.writeUTF(known == null ? "" : known);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads {@link #write()}'s form; fails on anything else (the caller then reads the catalog in full). */
    static FingerprintState read(byte[] stored) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                new InflaterInputStream(new ByteArrayInputStream(stored)), BUFFER))) {
            int format = in.readInt();
            if (format != FORMAT && format != FORMAT_WITHOUT_TOTAL) {
                throw new IllegalArgumentException("unknown fingerprint state format");
            }
            FingerprintState state = new FingerprintState(in.readUTF(), in.readLong(), in.readUTF(), in.readLong());
            for (int i = 0; i < state.counters.length; i++) {
                state.counters[i] = in.readLong();
                state.horizons[i] = in.readLong();
            }
            int populations = in.readInt();
            for (int p = 0; p < populations; p++) {
                WatchedCatalog catalog = WatchedCatalog.values()[in.readInt()];
                int[] stored1 = new int[in.readInt()];
                for (int i = 0; i < stored1.length; i++) {
                    stored1[i] = in.readInt();
                }
                state.populations.put(catalog, OidSet.fromStored(stored1));
            }
            int pending = in.readInt();
            for (int i = 0; i < pending; i++) {
                state.pending.add(in.readLong());
            }
            int entries = in.readInt();
            for (int i = 0; i < entries; i++) {
                String key = in.readUTF();
                long identity = in.readLong();
                byte[] digest = new byte[32];
                in.readFully(digest);
                state.put(identity, key, digest);
            }
            if (format == FORMAT) {
                String total = in.readUTF();
                if (!total.isEmpty()) {
                    state.total.restore(total);
                }
            }
            return state;
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable fingerprint state: " + e.getMessage(), e);
        }
    }
}
