package dev.warden.checks.schema;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A schema fingerprint kept up to date by reading only what changed, with the same total hash as a
 * full {@link SchemaReader#read}. Each refresh reads the catalogs' write counters; for the catalogs
 * whose counter moved, the rows written since that catalog's horizon (their xmin) name the objects
 * that changed, and counting the catalog's rows in the watched schemas tells whether some went away;
 * the objects that print a changed object's name are added through pg_depend; only those are deparsed,
 * with the full read's own queries, and their hashes patched in. Temporary objects live in schemas
 * that are never watched, so an application creating temporary tables costs a scan of pg_class and
 * pg_attribute's xmins and nothing more.
 *
 * <p>A full read happens the first time, when the database is another one (a swap, another server),
 * when a watched schema was created, renamed or dropped, when a horizon is too old to compare, and at
 * least once every {@link #FULL_READ_EVERY}. The state can be exported and restored, so that a
 * restarted or one-shot Warden does not read an unchanged catalog again. One refresh at a time.
 */
public final class IncrementalFingerprint {
    public static final Duration FULL_READ_EVERY = Duration.ofHours(1);
    /** Beyond this many transactions, age() of a horizon is not to be trusted (it wraps at 2^31). */
    private static final long OLDEST_HORIZON = 1_000_000_000L;
    /** Beyond this many changed keys since the last full read, a comparison walks every object again. */
    private static final int MAX_TRACKED_KEYS = 10_000;

    private final SchemaFilter filter;
    private final boolean trustCounters;
    private FingerprintState state;
    private boolean unsaved;
    /** The definitions the last refresh deparsed, for {@link #objects}: dropped at the next refresh. */
    private Map<String, SchemaObject> lastDeparsed = Map.of();
    /** Counts the states and the refreshes that changed some object ({@link LiveSchema#version()}). */
    private long version;
    /** The keys changed since version {@code trackedSince}, so that a comparison can look at those alone. */
    private long trackedSince;
    private final Set<String> changedKeys = new HashSet<>();

    /** Scans only the catalogs whose write counter moved: what the statistics show late, the next refresh finds. */
    public IncrementalFingerprint(SchemaFilter filter) {
        this(filter, true);
    }

    /**
     * @param trustCounters false when there is no next refresh to find what this one misses (a one-shot
     *                      check): a backend that flushed its statistics less than a second before holds
     *                      the next ones back for up to 10 s while idle, so a DDL just committed may not
     *                      show in the counters yet; every catalog's xmins are scanned instead
     */
    public IncrementalFingerprint(SchemaFilter filter, boolean trustCounters) {
        this.filter = filter;
        this.trustCounters = trustCounters;
    }

    /** Brings the fingerprint up to date; on a pool, on one connection. */
    public Future<LiveSchema> refresh(SqlClient client, Instant now) {
        return refresh(client, now, () -> { });
    }

    /**
     * The same, calling {@code changeSeen} (once, on the refresh's thread) as soon as the scan shows that a
     * watched object was added, changed or dropped, before the changed objects are read: what a change
     * leads to (the migration histories) can start side by side with that read. Not called for a full read.
     */
    public Future<LiveSchema> refresh(SqlClient client, Instant now, Runnable changeSeen) {
        if (client instanceof Pool pool) {
            return pool.withConnection(connection -> refresh(connection, now, changeSeen));
        }
        return CatalogSignals.read(client).compose(signals -> {
            FingerprintState known = state;
            if (known == null || needsFullRead(known, signals, now)) {
                return fullRead(client, signals, now);
            }
            return incremental(client, known, signals, now, changeSeen);
        });
    }

    /** The live definitions of these objects (those that exist and are not locked), read now. */
    public Future<Map<String, SchemaObject>> objects(SqlClient client, Collection<String> keys) {
        FingerprintState known = state;
        Map<String, SchemaObject> objects = new TreeMap<>();
        Set<Long> identities = new HashSet<>();
        for (String key : keys) {
            SchemaObject deparsed = lastDeparsed.get(key);
            FingerprintState.Entry entry = known == null ? null : known.byKey.get(key);
            if (deparsed != null) {
                objects.put(key, deparsed); // the refresh that found the change has just read it
            } else if (entry != null) {
                identities.add(entry.identity());
            }
        }
        if (identities.isEmpty()) {
            return Future.succeededFuture(objects);
        }
        return CatalogRead.only(client, filter, identities).map(rows -> {
            rows.stream().filter(row -> !row.locked() && keys.contains(row.key()))
                    .forEach(row -> objects.put(row.key(), row.object()));
            return objects;
        });
    }

    /**
     * Sends the statement that reads changed objects ({@link CatalogRead#changed}) once on each of up to
     * {@code sessions} of the pool's sessions, asking for no object: nothing is deparsed, but the session
     * has planned it and loaded the catalogs it reads. A new session's first one costs 30-100 ms more than
     * the next at 10,000 tables; done after a quiet cycle, the first change a refresh meets does not pay it.
     * Side by side, so never more sessions than the pool allows. Like every read here, it never waits
     * behind a migration's lock: no object asked for, no relation's definition rendered.
     */
    public Future<Void> prepareForChanges(Pool pool, int sessions) {
        List<Future<List<CatalogRow>>> sent = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            sent.add(pool.withConnection(connection -> CatalogRead.changed(connection, filter, Set.of(), Set.of())));
        }
        return Future.all(sent).mapEmpty();
    }

    /** The state to store when it changed since last asked (objects, or a horizon older than a few minutes). */
    public synchronized Optional<byte[]> unsavedState() {
        return takeUnsaved().map(FingerprintState::write);
    }

    /**
     * The same, copied now and written out when the supplier is called: a copy can be written out on
     * another thread while a refresh goes on changing the state (copying 40,000 objects' entries takes
     * a few milliseconds, writing them out several times that).
     */
    public synchronized Optional<Supplier<byte[]>> unsavedCopy() {
        return takeUnsaved().map(changed -> changed.copy()::write);
    }

    /** The state when it changed since last asked, which it then no longer has. */
    private Optional<FingerprintState> takeUnsaved() {
        if (state == null || !unsaved) {
            return Optional.empty();
        }
        unsaved = false;
        return Optional.of(state);
    }

    /** Takes up a stored state; one for another filter, or unreadable, is ignored (the next refresh reads in full). */
    public synchronized boolean restore(byte[] stored) {
        try {
            FingerprintState restored = FingerprintState.read(stored);
            if (!restored.filter.equals(FingerprintState.filterKey(filter))) {
                return false;
            }
            state = restored;
            anew(restored);
            // Stored without its total (format 1): stored again with it once the next refresh made it.
            unsaved = !restored.totalKnown();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean needsFullRead(FingerprintState known, CatalogSignals signals, Instant now) {
        if (known.database != signals.database() || !known.system.equals(signals.system())
                || !now.isBefore(Instant.ofEpochMilli(known.fullReadAt).plus(FULL_READ_EVERY))) {
            return true;
        }
        for (long horizon : known.horizons) {
            if (horizon > signals.xmin() || signals.xmin() - horizon > OLDEST_HORIZON) {
                return true; // a restored server went back in time, or the horizon is too old for age()
            }
        }
        return false;
    }

    private Future<LiveSchema> fullRead(SqlClient client, CatalogSignals signals, Instant now) {
        Set<WatchedCatalog> populated = EnumSet.noneOf(WatchedCatalog.class);
        for (WatchedCatalog catalog : WatchedCatalog.values()) {
            if (catalog.population()) {
                populated.add(catalog);
            }
        }
        Future<List<CatalogRow>> rows = CatalogRead.all(client, filter);
        Future<Map<WatchedCatalog, OidSet>> lists = CatalogScan.list(client, filter, populated);
        return Future.all(rows, lists).compose(done -> {
            FingerprintState fresh = new FingerprintState(FingerprintState.filterKey(filter), signals.database(),
                    signals.system(), now.toEpochMilli());
            System.arraycopy(signals.counters(), 0, fresh.counters, 0, fresh.counters.length);
            java.util.Arrays.fill(fresh.horizons, signals.xmin());
            fresh.populations.putAll(lists.result());
            Set<String> skipped = new TreeSet<>();
            for (CatalogRow row : rows.result()) {
                if (row.locked()) {
                    skipped.add(row.key());
                    fresh.pending.add(row.identity());
                } else {
                    fresh.put(row.identity(), row.key(), row.object().digest());
                }
            }
            // An object dropped between the two statements: its row is gone from the population.
            for (long identity : new ArrayList<>(identitiesOf(fresh))) {
                if (!inPopulation(fresh, identity)) {
                    fresh.remove(identity);
                }
            }
            state = fresh;
            anew(fresh);
            unsaved = true;
            lastDeparsed = Map.of();
            return Future.succeededFuture(live(fresh, skipped, Set.of(), new LiveSchema.Refresh(true,
                    WatchedCatalog.values().length, rows.result().size())));
        });
    }

    private Future<LiveSchema> incremental(SqlClient client, FingerprintState known, CatalogSignals signals, Instant now,
                                           Runnable changeSeen) {
        List<WatchedCatalog> moved = new ArrayList<>();
        Map<WatchedCatalog, Long> horizons = new EnumMap<>(WatchedCatalog.class);
        for (WatchedCatalog catalog : WatchedCatalog.values()) {
            if (!trustCounters || known.counters[catalog.ordinal()] != signals.counters()[catalog.ordinal()]) {
                moved.add(catalog);
                horizons.put(catalog, known.horizons[catalog.ordinal()]);
            }
        }
        Future<Map<WatchedCatalog, CatalogScan.Scanned>> scan = moved.isEmpty()
                ? Future.succeededFuture(Map.of()) : CatalogScan.scan(client, filter, moved, horizons);
        return scan.compose(scanned -> {
            CatalogScan.Scanned namespaces = scanned.get(WatchedCatalog.PG_NAMESPACE);
            if (namespaces != null && (!namespaces.recent().isEmpty()
                    || namespaces.population() != known.populations.get(WatchedCatalog.PG_NAMESPACE).size())) {
                return fullRead(client, signals, now); // a watched schema came, went or was renamed
            }
            Set<Long> roots = new HashSet<>();
            Set<WatchedCatalog> shrunk = EnumSet.noneOf(WatchedCatalog.class);
            scanned.forEach((catalog, result) -> {
                if (catalog.population()) {
                    OidSet grown = known.populations.get(catalog).with(result.recent());
                    known.populations.put(catalog, grown);
                    if (grown.size() != result.population()) {
                        shrunk.add(catalog);
                    }
                }
                result.recent().forEach(oid -> roots.add(catalog.stands().identity(oid)));
            });
            if (!shrunk.isEmpty() || roots.stream().anyMatch(identity -> relevant(known, identity))) {
                changeSeen.run();
            }
            Future<Set<Long>> gone = shrunk.isEmpty() ? Future.succeededFuture(Set.of())
                    : CatalogScan.list(client, filter, shrunk).map(lists -> prune(known, lists));
            return gone.compose(removed -> {
                roots.removeIf(identity -> !relevant(known, identity));
                // The objects a lock keeps unread, in the same round trip.
                Future<List<String>> locked = signals.locks() ? CatalogRead.locked(client, filter)
                        : Future.succeededFuture(List.of());
                return Future.all(read(client, known, roots), locked).map(both -> {
                    Read read = both.resultAt(0);
                    Set<Long> dirty = new HashSet<>(known.pending);
                    dirty.addAll(roots);
                    dirty.addAll(read.dependents());
                    dirty.removeIf(identity -> !isObject(identity) || !inPopulation(known, identity));
                    // The statement deparsed every candidate; what is no object of the watched population stays out.
                    List<CatalogRow> rows = read.rows().stream().filter(row -> dirty.contains(row.identity())).toList();
                    return new Changes(removed, dirty, rows, locked.result());
                });
            }).map(changes -> apply(known, changes, signals, moved));
        });
    }

    private record Changes(Set<Long> removed, Set<Long> dirty, List<CatalogRow> rows, List<String> locked) {
    }

    private record Read(List<Long> dependents, List<CatalogRow> rows) {
    }

    /**
     * The roots' dependents, and the definitions of the roots, their dependents and the pending objects,
     * in one round trip: the deparse finds the dependents itself rather than waiting for their list.
     */
    private Future<Read> read(SqlClient client, FingerprintState known, Set<Long> roots) {
        if (roots.isEmpty() && known.pending.isEmpty()) {
            return Future.succeededFuture(new Read(List.of(), List.of()));
        }
        Set<Long> identities = new HashSet<>(known.pending);
        identities.addAll(roots);
        Future<List<Long>> dependents = CatalogScan.dependents(client, roots);
        Future<List<CatalogRow>> rows = CatalogRead.changed(client, filter, roots, identities);
        return Future.all(dependents, rows).map(done -> new Read(dependents.result(), rows.result()));
    }

    /** Patches what was read into the per-object hashes; the total is made again only when something changed. */
    private LiveSchema apply(FingerprintState known, Changes changes, CatalogSignals signals, List<WatchedCatalog> scanned) {
        boolean changed = !changes.removed().isEmpty();
        Set<Long> found = new HashSet<>();
        Map<String, SchemaObject> deparsed = new HashMap<>();
        Set<String> skipped = new TreeSet<>(changes.locked());
        known.pending.clear();
        for (CatalogRow row : changes.rows()) {
            found.add(row.identity());
            if (row.locked()) {
                changed |= known.remove(row.identity());
                known.pending.add(row.identity());
                skipped.add(row.key());
            } else {
                changed |= known.put(row.identity(), row.key(), row.object().digest());
                deparsed.put(row.key(), row.object());
            }
        }
        lastDeparsed = deparsed;
        for (long identity : changes.dirty()) {
            if (!found.contains(identity)) {
                changed |= known.remove(identity); // dropped, moved out of the watched schemas, or no object
            }
        }
        for (WatchedCatalog catalog : scanned) {
            known.horizons[catalog.ordinal()] = signals.xmin();
        }
        System.arraycopy(signals.counters(), 0, known.counters, 0, known.counters.length);
        if (changed) {
            unsaved = true;
            version++;
            changedKeys.addAll(known.drainTouched());
            if (changedKeys.size() > MAX_TRACKED_KEYS) {
                changedKeys.clear();
                trackedSince = version;
            }
        }
        Set<String> lockedUnchanged = new HashSet<>(changes.locked());
        lockedUnchanged.retainAll(known.byKey.keySet());
        return live(known, skipped, lockedUnchanged,
                new LiveSchema.Refresh(false, scanned.size(), changes.rows().size()));
    }

    /** A state read in full or restored: no change before it is known. */
    private void anew(FingerprintState fresh) {
        version++;
        trackedSince = version;
        changedKeys.clear();
        fresh.startTracking();
    }

    /**
     * The keys (at least) whose objects changed after the state of {@code since}, or nothing when that is
     * not known (another state since, or too many changes).
     */
    private Optional<Set<String>> changedSince(long since) {
        return since >= trackedSince && since <= version ? Optional.of(Set.copyOf(changedKeys)) : Optional.empty();
    }

    /** Takes the listed populations and forgets the objects whose rows left them (dropped, or moved out of view). */
    private static Set<Long> prune(FingerprintState known, Map<WatchedCatalog, OidSet> lists) {
        Set<Long> removed = new HashSet<>();
        lists.forEach((catalog, list) -> {
            known.populations.put(catalog, list);
            for (long identity : identitiesOf(known)) {
                if (ObjectCatalog.of(identity) == catalog.stands() && !list.contains(ObjectCatalog.oid(identity))) {
                    removed.add(identity);
                }
            }
        });
        removed.forEach(known::remove);
        return removed;
    }

    private static Collection<Long> identitiesOf(FingerprintState known) {
        List<Long> identities = new ArrayList<>(known.byKey.size());
        known.byKey.values().forEach(entry -> identities.add(entry.identity()));
        return identities;
    }

    /** Roots worth following: objects and types in the watched schemas (temporary ones never are). */
    private static boolean relevant(FingerprintState known, long identity) {
        return ObjectCatalog.of(identity) == ObjectCatalog.TYPE || inPopulation(known, identity);
    }

    private static boolean isObject(long identity) {
        ObjectCatalog catalog = ObjectCatalog.of(identity);
        return catalog != ObjectCatalog.TYPE && catalog != ObjectCatalog.NAMESPACE;
    }

    private static boolean inPopulation(FingerprintState known, long identity) {
        for (Map.Entry<WatchedCatalog, OidSet> population : known.populations.entrySet()) {
            if (population.getKey().stands() == ObjectCatalog.of(identity)) {
                return population.getValue().contains(ObjectCatalog.oid(identity));
            }
        }
        return false;
    }

    private LiveSchema live(FingerprintState known, Set<String> skipped, Set<String> lockedUnchanged,
                            LiveSchema.Refresh refresh) {
        String hash;
        if (skipped.isEmpty() && lockedUnchanged.isEmpty()) {
            hash = known.total();
        } else {
            Sha256 sha = new Sha256();
            known.byKey.forEach((key, entry) -> {
                if (!skipped.contains(key)) {
                    sha.add(key).addHex(entry.digest());
                }
            });
            hash = SchemaFingerprint.total(sha, List.copyOf(skipped));
        }
        return new LiveSchema(hash, List.copyOf(skipped), known.byKey, lockedUnchanged, refresh, version, this::changedSince);
    }
}
