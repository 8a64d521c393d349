package dev.warden.rollback.backup;

import dev.warden.postgres.Connections;
import dev.warden.postgres.Failures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A PostgreSQL named restore point in a cluster with continuous archiving: {@code pg_create_restore_point}
 * with the backup's Warden name, its LSN and WAL segment recorded, then {@code pg_switch_wal()} and a
 * bounded wait until {@code pg_stat_archiver} shows that segment archived; until then it is no backup.
 * The critical tables are counted in the same transaction as the point is made, holding SHARE locks
 * (writers of those tables wait for the count, readers never), so that the counts are exactly what a
 * restore to the point brings back. The point covers the whole cluster; restoring it is the archive
 * tool's job ({@code snapshots.restore_command}).
 */
public final class RestorePointBackup implements BackupMethod {
    public static final String KIND = "restore_point";
    /** Backup details: the point's LSN, its WAL segment, when it was confirmed archived, and its tables (a JSON array). */
    public static final String LSN = "lsn";
    public static final String WAL_FILE = "wal_file";
    public static final String ARCHIVED_AT = "archived_at";
    public static final String TABLES = "tables";

    private final Vertx vertx;
    private final Clock clock;
    private final ArchiveConfirmation confirmation;

    /** @param archiveTimeout how long the archive may take to confirm the point's segment */
    public RestorePointBackup(Vertx vertx, Clock clock, Duration archiveTimeout) {
        this.vertx = vertx;
        this.clock = clock;
        this.confirmation = new ArchiveConfirmation(vertx, archiveTimeout);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Future<Backup> create(BackupRequest request) {
        return Connections.connect(vertx, request.source())
                .compose(c -> ArchivingPreconditions.check(c, request.database())
                        .compose(v -> markPoint(c, request))
                        .compose(point -> archive(c, point, request))
                        .eventually(c::close))
                .recover(e -> Future.failedFuture(e instanceof BackupException ? e : new BackupException(
                        "cannot create restore point " + request.backupName() + " of " + request.database() + ": "
                                + Failures.describe(e), e)));
    }

    @Override
    public Future<Verification> verify(Backup backup, BackupRequest request) {
        String segment = backup.details().get(WAL_FILE);
        if (segment == null) {
            return Future.succeededFuture(Verification.failed("restore point " + backup.id() + " has no WAL segment recorded",
                    List.of()));
        }
        return Connections.connect(vertx, request.source())
                .compose(c -> ArchiverStatus.read(c).eventually(c::close))
                .map(status -> {
                    List<String> evidence = List.of("restore point " + backup.id() + " at LSN " + backup.details().get(LSN)
                            + " is in WAL segment " + segment, "pg_stat_archiver: " + status.describe());
                    return status.archived(segment)
                            ? Verification.passed("restore point " + backup.id() + ": WAL segment " + segment + " archived",
                                    evidence)
                            : Verification.failed("restore point " + backup.id() + ": WAL segment " + segment
                                    + " is not archived", evidence);
                })
                .recover(e -> Future.succeededFuture(Verification.failed("could not read pg_stat_archiver: "
                        + Failures.describe(e), List.of())));
    }

    /** Counts, lists the tables and makes the point in one transaction, the critical tables held still. */
    private Future<Point> markPoint(SqlConnection c, BackupRequest request) {
        String name = request.backupName();
        return c.query("BEGIN ISOLATION LEVEL REPEATABLE READ").execute()
                .compose(v -> lockCritical(c, request.criticalTables()))
                .compose(v -> RowCounter.count(c, request.criticalTables()))
                .compose(counts -> BackupTables.userTables(c).compose(tables -> {
                    Instant at = clock.instant();
                    return c.preparedQuery("SELECT lsn::text, pg_walfile_name(lsn) FROM pg_create_restore_point($1) lsn")
                            .execute(Tuple.of(name))
                            .map(rows -> new Point(name, rows.iterator().next().getString(0),
                                    rows.iterator().next().getString(1), at, counts, tables));
                }))
                .compose(point -> c.query("COMMIT").execute().map(point))
                .onFailure(e -> c.query("ROLLBACK").execute());
    }

    /** SHARE mode: writers wait (for the session's lock_timeout at most), readers do not. */
    private static Future<Void> lockCritical(SqlConnection c, List<String> tables) {
        Future<Void> chain = Future.succeededFuture();
        for (String table : tables) {
            chain = chain.compose(v -> c.preparedQuery("SELECT to_regclass($1)::text").execute(Tuple.of(table))
                    .compose(rows -> {
                        String regclass = rows.iterator().next().getString(0);
                        return regclass == null ? Future.<Void>succeededFuture()
                                : c.query("LOCK TABLE " + regclass + " IN SHARE MODE").execute().<Void>mapEmpty()
                                .recover(e -> Future.failedFuture(new BackupException("cannot hold " + table
                                        + " still for its count at the restore point: " + Failures.describe(e), e)));
                    }));
        }
        return chain;
    }

    private Future<Backup> archive(SqlConnection c, Point point, BackupRequest request) {
        String what = "restore point " + point.name() + " at LSN " + point.lsn();
        return c.query("SELECT pg_switch_wal()").execute()
                .compose(v -> confirmation.await(c, point.walFile(), what))
                .map(status -> {
                    Map<String, String> details = new LinkedHashMap<>();
                    details.put(LSN, point.lsn());
                    details.put(WAL_FILE, point.walFile());
                    details.put("timeline", String.valueOf(Long.parseLong(point.walFile().substring(0, 8), 16)));
                    details.put(ARCHIVED_AT, String.valueOf(status.lastArchivedTime()));
                    details.put("archived_wal", status.lastArchivedWal());
                    details.put(CloneVerifier.USER_TABLES, String.valueOf(point.counts().userTables()));
                    details.put(TABLES, new JsonArray(List.copyOf(point.tables())).encode());
                    details.put("reason", request.reason());
                    point.counts().skipped().forEach((table, why) -> details.put(CloneVerifier.SKIPPED + table, why));
                    return new Backup(point.name(), KIND, point.name(), -1, point.at(), null, false, point.counts().rows(),
                            details);
                });
    }

    private record Point(String name, String lsn, String walFile, Instant at, TableCounts counts, Set<String> tables) {
    }
}
