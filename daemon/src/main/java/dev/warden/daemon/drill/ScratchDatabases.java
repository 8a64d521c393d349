package dev.warden.daemon.drill;

import dev.warden.postgres.Connections;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.BackupException;
import dev.warden.rollback.backup.BackupRequest;
import dev.warden.rollback.backup.CloneBackup;
import dev.warden.rollback.backup.SqlText;
import dev.warden.rollback.engine.StepContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The databases a drill makes on the target's server, all named {@code warden_drill_<id>...} and
 * commented {@code Warden ...}: the scratch copy of the target, the copy of the scratch taken before
 * the migration (the restore point its rollbacks restore), and whatever those rollbacks make beside
 * the scratch ({@code <scratch>__restored_...}, {@code <scratch>__replaced_...}). The target itself is
 * touched once, by the clone: {@link CloneBackup}'s brief door.
 */
final class ScratchDatabases {
    private static final Logger log = LoggerFactory.getLogger(ScratchDatabases.class);
    static final String PREFIX = Drills.SCRATCH_PREFIX;
    /** Made by a drill: its prefix (underscores escaped for LIKE) and a comment Warden wrote. */
    private static final String LEFTOVERS = "SELECT datname FROM pg_catalog.pg_database"
            + " WHERE datname LIKE 'warden\\_drill\\_%' AND datname LIKE $1"
            + " AND coalesce(pg_catalog.shobj_description(oid, 'pg_database'), '') LIKE 'Warden %'";

    private final Vertx vertx;
    private final Clock clock;
    private final CloneBackup clones;

    ScratchDatabases(Vertx vertx, Clock clock) {
        this.vertx = vertx;
        this.clock = clock;
        this.clones = new CloneBackup(vertx, clock, Duration.ofHours(1));
    }

    static String scratchName(String drillId) {
        return PREFIX + drillId;
    }

    /** Clones the target, then renames the clone to the drill's scratch name. */
    Future<PgConnectOptions> cloneTarget(String target, PgConnectOptions targetConnection, String drillId,
                                         List<String> criticalTables) {
        String scratch = scratchName(drillId);
        BackupRequest request = BackupRequest.of(target, targetConnection, "drill " + drillId, criticalTables, clock);
        return clones.create(request).compose(clone -> onMaintenance(targetConnection, c ->
                c.query("ALTER DATABASE " + SqlText.identifier(clone.location()) + " RENAME TO "
                                + SqlText.identifier(scratch)).execute()
                        .compose(v -> c.query("COMMENT ON DATABASE " + SqlText.identifier(scratch) + " IS "
                                + SqlText.literal("Warden drill " + drillId + ": scratch copy of " + targetConnection.getDatabase()
                                + " (target " + target + ")")).execute())
                        .<Void>mapEmpty()
                        // Until renamed, the clone does not carry the drill's name: dropped here or never.
                        .recover(e -> c.query("DROP DATABASE IF EXISTS " + SqlText.identifier(clone.location())
                                + " WITH (FORCE)").execute().transform(dropped -> Future.<Void>failedFuture(e)))))
                .map(v -> new PgConnectOptions(targetConnection).setDatabase(scratch));
    }

    /** A verified clone of the scratch copy as it stands: what its rollbacks restore. */
    Future<Backup> restorePoint(String target, PgConnectOptions scratch, String drillId, List<String> criticalTables) {
        BackupRequest request = BackupRequest.of(target, scratch, "drill " + drillId + " restore point",
                criticalTables, clock);
        return clones.create(request).compose(backup -> clones.verify(backup, request).compose(verification ->
                verification.ok() ? Future.succeededFuture(backup.withVerification(verification))
                        : Future.failedFuture(new BackupException("the drill's restore point " + backup.location()
                                + " did not verify: " + verification.summary()))));
    }

    /** Drops every database of drill {@code drillId}, answering their names. */
    Future<List<String>> dropAll(PgConnectOptions server, String drillId) {
        return drop(server, scratchName(drillId).replace("_", "\\_") + "%");
    }

    /** Drops what interrupted drills left (at start-up, before any drill runs). */
    Future<List<String>> dropLeftovers(PgConnectOptions server) {
        return drop(server, "%");
    }

    private Future<List<String>> drop(PgConnectOptions server, String like) {
        return onMaintenance(server, c -> c.preparedQuery(LEFTOVERS).execute(Tuple.of(like)).compose(rows -> {
            List<String> names = new ArrayList<>();
            for (Row row : rows) {
                names.add(row.getString(0));
            }
            Future<Void> chain = Future.succeededFuture();
            for (String name : names) {
                // FORCE: a client of the drill's command may still hang on; the copy is ours to drop.
                chain = chain.compose(v -> c.query("DROP DATABASE IF EXISTS " + SqlText.identifier(name) + " WITH (FORCE)")
                        .execute().<Void>mapEmpty());
            }
            return chain.map(v -> {
                if (!names.isEmpty()) {
                    log.info("Dropped the drill databases {}", names);
                }
                return names;
            });
        }));
    }

    private <T> Future<T> onMaintenance(PgConnectOptions server, java.util.function.Function<SqlConnection, Future<T>> work) {
        PgConnectOptions maintenance = new PgConnectOptions(server)
                .setDatabase(StepContext.maintenanceDatabase(server.getDatabase()));
        return Connections.connect(vertx, maintenance).compose(c -> work.apply(c).eventually(c::close));
    }
}
