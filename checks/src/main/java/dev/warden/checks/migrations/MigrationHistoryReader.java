package dev.warden.checks.migrations;

import dev.warden.checks.activity.ActivitySource;
import dev.warden.checks.activity.DatabaseActivity;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds and reads every migration tool's history in a database, without configuration.
 *
 * <p>One catalogue query lists the candidate tables in all schemas; each adapter recognises its own by
 * their columns. A reading of pg_stat_activity and pg_locks (the database's own, or one shared by the
 * server's targets) finds AccessExclusiveLocks granted or waiting on them: those tables are skipped,
 * never queued behind. The others are read one after the other with a bounded query (the newest
 * {@code limit} rows); a lock or statement timeout skips the table instead of failing. The same reading
 * finds other sessions holding the tools' advisory locks or running DDL. At most one connection of the
 * client is busy at a time.
 */
public final class MigrationHistoryReader {
    public static final int DEFAULT_LIMIT = 200;
    public static final String WARDEN_APPLICATION_NAME = "warden";

    private final List<MigrationHistoryAdapter> adapters;
    private final int limit;
    private final String ownApplicationName;

    public MigrationHistoryReader(List<MigrationHistoryAdapter> adapters, int limit, String ownApplicationName) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        this.adapters = List.copyOf(adapters);
        this.limit = limit;
        this.ownApplicationName = Objects.requireNonNull(ownApplicationName, "ownApplicationName");
    }

    /** A reader of every supported tool, the newest 200 rows per table, ignoring sessions named "warden". */
    public static MigrationHistoryReader builtIn() {
        return new MigrationHistoryReader(builtInAdapters(), DEFAULT_LIMIT, WARDEN_APPLICATION_NAME);
    }

    public static List<MigrationHistoryAdapter> builtInAdapters() {
        return List.of(new FlywayAdapter(), new LiquibaseAdapter(), new PrismaAdapter(), new GolangMigrateAdapter(),
                new AlembicAdapter(), new KnexAdapter(), new SequelizeAdapter(), new DrizzleAdapter(),
                new AtlasAdapter(), new PgrollAdapter(), new SqitchAdapter());
    }

    /** With a reading of the database's activity of its own. */
    public Future<MigrationHistory> read(SqlClient client) {
        return read(client, ActivitySource.direct());
    }

    /** With the database's sessions and locks from {@code activity} (a reading shared by a server's targets). */
    public Future<MigrationHistory> read(SqlClient client, ActivitySource activity) {
        // Neither reading needs the other: side by side, one round trip less for a cycle that meets a change.
        Future<CatalogListing.Catalog> listed = CatalogListing.list(client, candidateTableNames());
        Future<DatabaseActivity> read = activity.read(client);
        return Future.all(listed, read).compose(both -> {
            CatalogListing.Catalog catalog = listed.result();
            DatabaseActivity sessions = read.result();
            List<Detection> detections = Detection.find(adapters, catalog.tables());
            List<Long> oids = detections.stream().flatMap(d -> d.oids().stream()).toList();
            return readAll(client, detections, ExclusiveLocks.find(sessions, oids))
                    .map(outcomes -> assemble(catalog.database(), detections, outcomes,
                            SessionActivity.of(sessions, oids, ownApplicationName)));
        });
    }

    private Set<String> candidateTableNames() {
        Set<String> names = new LinkedHashSet<>();
        for (MigrationHistoryAdapter adapter : adapters) {
            names.add(adapter.tableName());
            names.addAll(adapter.companionTableNames());
        }
        return names;
    }

    private Future<List<Detection.Outcome>> readAll(SqlClient client, List<Detection> detections,
                                                    Map<Long, ExclusiveLocks.Holder> locks) {
        Future<List<Detection.Outcome>> chain = Future.succeededFuture(new ArrayList<>());
        for (Detection detection : detections) {
            chain = chain.compose(outcomes -> detection.read(client, limit, locks).map(outcome -> {
                outcomes.add(outcome);
                return outcomes;
            }));
        }
        return chain;
    }

    private MigrationHistory assemble(String database, List<Detection> detections, List<Detection.Outcome> outcomes,
                                      List<SessionActivity.Session> sessions) {
        Map<String, List<MigrationRecord>> records = new LinkedHashMap<>();
        List<RunningMigration> running = new ArrayList<>();
        List<SkippedTable> skipped = new ArrayList<>();
        for (Detection.Outcome outcome : outcomes) {
            if (outcome.skipped() != null) {
                skipped.add(outcome.skipped());
            } else {
                records.computeIfAbsent(outcome.tool(), t -> new ArrayList<>()).addAll(outcome.reading().records());
                running.addAll(outcome.reading().running());
            }
        }
        running.addAll(0, detector(database, detections).detect(sessions));
        return new MigrationHistory(records, running, skipped);
    }

    /** Keys of every adapter for the schemas it was found in, and "public" where a first run would put it. */
    private RunningMigrationDetector detector(String database, List<Detection> detections) {
        Map<Long, String> keys = new HashMap<>();
        Map<Long, RunningMigrationDetector.ToolTable> tables = new HashMap<>();
        for (MigrationHistoryAdapter adapter : adapters) {
            Set<String> schemas = new LinkedHashSet<>();
            detections.stream().filter(d -> d.adapter() == adapter).forEach(d -> schemas.add(d.table().schema()));
            schemas.add("public");
            schemas.forEach(schema -> adapter.advisoryLockKeys(database, schema).forEach(k -> keys.putIfAbsent(k, adapter.tool())));
        }
        for (Detection detection : detections) {
            List<CatalogTable> all = new ArrayList<>(detection.table().companions());
            all.add(0, detection.table().main());
            all.forEach(t -> tables.put(t.oid(),
                    new RunningMigrationDetector.ToolTable(detection.adapter().tool(), t.schema(), t.name())));
        }
        return new RunningMigrationDetector(keys, tables);
    }
}
