package dev.warden.rollback.backup;

import dev.warden.postgres.Connections;
import dev.warden.postgres.Failures;
import dev.warden.postgres.SqlState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server-side copy: {@code CREATE DATABASE <backup> TEMPLATE <source>}, FILE_COPY on 15+. The
 * source must have no other session, so its clients are cut off for the seconds this takes:
 * connections are disallowed, the sessions there terminated, the critical tables counted (exact,
 * since nobody can write), the copy made, and connections allowed again whatever happened. How long
 * the door stayed shut is kept in the backup's details ({@link #DOOR_SHUT_MS}), with the restore kind
 * the server's copy method gives ({@link RestoreKind}: a reflink clone on PostgreSQL 18 with
 * {@code file_copy_method = clone}, else a block copy).
 */
public final class CloneBackup implements BackupMethod {
    private static final Logger log = LoggerFactory.getLogger(CloneBackup.class);
    private static final int CREATE_ATTEMPTS = 3;
    private static final Duration SESSIONS_GONE_BOUND = Duration.ofSeconds(5);
    /** Detail: milliseconds from disallowing connections to the source to allowing them again. */
    public static final String DOOR_SHUT_MS = "door_shut_ms";
    /** Detail: the {@link RestoreKind#label()} of this clone and of restores copied from it. */
    public static final String RESTORE_KIND = "restore_kind";

    private final Vertx vertx;
    private final Clock clock;
    private final Duration cloneTimeout;

    /** @param cloneTimeout statement timeout for the copy itself, which may be longer than the session's */
    public CloneBackup(Vertx vertx, Clock clock, Duration cloneTimeout) {
        this.vertx = vertx;
        this.clock = clock;
        this.cloneTimeout = cloneTimeout;
    }

    @Override
    public String kind() {
        return "clone";
    }

    @Override
    public Future<Backup> create(BackupRequest request) {
        PgConnectOptions maintenance = request.source().setDatabase(maintenanceDatabase(request.database()));
        return Connections.connect(vertx, maintenance)
                .compose(connection -> cloneThrough(connection, request).eventually(connection::close))
                .recover(e -> Future.failedFuture(e instanceof BackupException ? e
                        : new BackupException("cannot clone database " + request.database() + ": " + e.getMessage(), e)));
    }

    @Override
    public Future<Verification> verify(Backup backup, BackupRequest request) {
        return CloneVerifier.verify(vertx, backup, request.source().setDatabase(backup.location()));
    }

    private Future<Backup> cloneThrough(SqlConnection maintenance, BackupRequest request) {
        String source = request.database();
        SourceGate gate = new SourceGate(vertx, maintenance, source);
        long started = System.nanoTime();
        // The counting session is opened before the door closes: afterwards nobody can connect.
        return copyMethodUnlessNameTaken(maintenance, request)
                .compose(copyMethod -> Connections.connect(vertx, request.source())
                        .compose(counter -> {
                            long shut = System.nanoTime();
                            return Cleanup.always(
                                    closeAndCount(gate, counter, request)
                                            .compose(counts -> copy(maintenance, gate, request, copyMethod, counts, started)),
                                    () -> reopen(gate, maintenance, request),
                                    "allow connections to " + source + " again")
                                    .map(backup -> backup.withDetail(DOOR_SHUT_MS,
                                            String.valueOf(Duration.ofNanos(System.nanoTime() - shut).toMillis())));
                        }))
                .map(backup -> {
                    log.info("Cloned {} into {} in {} ms ({}, {}): connections to {} refused for {} ms", source,
                            backup.location(), backup.details().get("clone_ms"), backup.details().get(RESTORE_KIND),
                            backup.details().get("copy_method"), source, backup.details().get(DOOR_SHUT_MS));
                    return backup;
                });
    }

    /** Checked before cutting anyone off; a name taken after this still fails the CREATE cleanly. */
    private Future<DatabaseCopy> copyMethodUnlessNameTaken(SqlConnection maintenance, BackupRequest request) {
        return maintenance.preparedQuery("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                .execute(Tuple.of(request.backupName()))
                .compose(rows -> rows.iterator().next().getBoolean(0)
                        ? Future.failedFuture(new BackupException("cannot clone database " + request.database()
                                + ": a database named " + request.backupName() + " already exists"))
                        : DatabaseCopy.read(maintenance));
    }

    private Future<Counted> closeAndCount(SourceGate gate, SqlConnection counter, BackupRequest request) {
        return gate.close()
                .compose(v -> counter.query("SELECT pg_backend_pid()").execute())
                .map(rows -> rows.iterator().next().getInteger(0))
                .compose(counterPid -> gate.terminateOthers(SESSIONS_GONE_BOUND, counterPid))
                .compose(v -> {
                    Instant at = clock.instant();
                    return RowCounter.count(counter, request.criticalTables()).map(counts -> new Counted(counts, at));
                })
                .eventually(counter::close);
    }

    private Future<Backup> copy(SqlConnection maintenance, SourceGate gate, BackupRequest request, DatabaseCopy copyMethod,
                                Counted counted, long started) {
        String name = request.backupName();
        String strategy = copyMethod.strategyClause();
        String create = "CREATE DATABASE " + SqlText.identifier(name) + " TEMPLATE "
                + SqlText.identifier(request.database()) + strategy;
        String comment = "COMMENT ON DATABASE " + SqlText.identifier(name) + " IS " + SqlText.literal("Warden backup of "
                + request.database() + " at " + counted.at() + " (target " + request.target() + ", reason: "
                + request.reason() + ")");
        return maintenance.query("SET statement_timeout = " + cloneTimeout.toMillis()).execute()
                .compose(v -> createWithRetries(maintenance, gate, create, 1))
                .compose(v -> maintenance.query("RESET statement_timeout").execute())
                .compose(v -> maintenance.query(comment).execute())
                .compose(v -> maintenance.preparedQuery("SELECT pg_database_size($1)").execute(Tuple.of(name)))
                .map(size -> {
                    Map<String, String> details = new LinkedHashMap<>();
                    details.put("source", request.database());
                    details.put("server_version_num", String.valueOf(copyMethod.serverVersionNum()));
                    details.put("strategy", strategy.isEmpty() ? "default" : "FILE_COPY");
                    details.put("server_version", copyMethod.serverVersion());
                    if (copyMethod.fileCopyMethod() != null) {
                        details.put("file_copy_method", copyMethod.fileCopyMethod());
                    }
                    details.put("copy_method", copyMethod.describe());
                    details.put(RESTORE_KIND, RestoreKind.of(kind(), copyMethod).label());
                    details.put("reason", request.reason());
                    details.put(CloneVerifier.USER_TABLES, String.valueOf(counted.counts().userTables()));
                    counted.counts().skipped().forEach((table, why) -> details.put(CloneVerifier.SKIPPED + table, why));
                    details.put("clone_ms", String.valueOf(Duration.ofNanos(System.nanoTime() - started).toMillis()));
                    return new Backup(name, kind(), name, size.iterator().next().getLong(0), counted.at(), null, false,
                            counted.counts().rows(), details);
                });
    }

    /** PostgreSQL waits ~5 s for the template's sessions itself; one that still lingers gets terminated again. */
    private Future<Void> createWithRetries(SqlConnection maintenance, SourceGate gate, String create, int attempt) {
        return gate.terminateOthers(SESSIONS_GONE_BOUND)
                .compose(v -> maintenance.query(create).execute())
                .<Void>mapEmpty()
                .recover(e -> {
                    boolean inUse = Failures.hasSqlState(e, SqlState.OBJECT_IN_USE);
                    if (inUse && attempt < CREATE_ATTEMPTS) {
                        log.warn("Source still in use on clone attempt {}: {}", attempt, e.getMessage());
                        return createWithRetries(maintenance, gate, create, attempt + 1);
                    }
                    return Future.failedFuture(e);
                });
    }

    /** Opens the door on the maintenance session, or on a fresh one if that session broke. */
    private Future<Void> reopen(SourceGate gate, SqlConnection maintenance, BackupRequest request) {
        return gate.open().recover(e -> {
            log.warn("Could not allow connections to {} again on the maintenance session ({}); retrying on a new one",
                    request.database(), e.getMessage());
            PgConnectOptions options = request.source().setDatabase(maintenanceDatabase(request.database()));
            return Connections.connect(vertx, options).compose(fresh ->
                    new SourceGate(vertx, fresh, request.database()).open().eventually(fresh::close));
        });
    }

    /** Warden's own session must not be on the source, or the clone could never start. */
    static String maintenanceDatabase(String source) {
        return "postgres".equals(source) ? "template1" : "postgres";
    }

    private record Counted(TableCounts counts, Instant at) {
    }
}
