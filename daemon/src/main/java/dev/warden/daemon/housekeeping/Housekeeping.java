package dev.warden.daemon.housekeeping;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.TargetConfig;
import dev.warden.config.schema.Durations;
import dev.warden.daemon.drill.Drills;
import dev.warden.daemon.rollback.Rollbacks;
import dev.warden.postgres.Connections;
import dev.warden.rollback.backup.BackupNames;
import dev.warden.rollback.backup.SqlText;
import dev.warden.rollback.decision.IncidentStore;
import dev.warden.rollback.engine.JournaledRollback;
import dev.warden.rollback.engine.RollbackStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code warden databases list|prune}: the databases Warden made beside each target (replaced by a
 * swap, clones, unfinished restores, drill copies), and the removal of old replaced ones, which
 * nothing else ever drops. Never a target's own database; see {@link PruneRule} for what stays.
 */
public final class Housekeeping {
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    private static final String DATABASES = """
            SELECT d.datname,
                   CASE WHEN has_database_privilege(d.oid, 'CONNECT') THEN pg_database_size(d.oid) END AS size,
                   (SELECT count(*) FROM pg_stat_activity a WHERE a.datid = d.oid AND a.pid <> pg_backend_pid())
                       AS sessions
            FROM pg_catalog.pg_database d
            WHERE NOT d.datistemplate AND d.datname <> current_database()
            ORDER BY d.datname""";
    /** Rollbacks looked at for what they may still need: more than any target keeps unfinished. */
    private static final int ROLLBACKS_SCANNED = 500;

    private final Vertx vertx;
    private final Map<String, TargetConfig> targets;
    private final Rollbacks rollbacks;
    private final IncidentStore incidents;
    private final Drills drills;
    private final Clock clock;

    public Housekeeping(Vertx vertx, List<TargetConfig> targets, Rollbacks rollbacks, IncidentStore incidents,
                        Drills drills, Clock clock) {
        this.vertx = vertx;
        this.targets = new HashMap<>();
        targets.forEach(t -> this.targets.put(t.name(), t));
        this.rollbacks = rollbacks;
        this.incidents = incidents;
        this.drills = drills;
        this.clock = clock;
    }

    public Future<JsonObject> list(String targetName) {
        TargetConfig target = target(targetName);
        Instant now = clock.instant();
        return databases(target).compose(found -> withDrills(target, found))
                .map(owned -> new JsonObject().put("target", targetName)
                        .put("databases", new JsonArray(owned.databases().stream().map(d -> d.toJson(now)).toList())));
    }

    /** Drops the target's replaced databases older than {@code olderThan} that nothing needs; says why each other stays. */
    public Future<JsonObject> prune(String targetName, Duration olderThan, boolean dryRun) {
        TargetConfig target = target(targetName);
        if (olderThan.compareTo(PruneRule.MIN_RETENTION) < 0) {
            throw new WardenException(ErrorCode.BAD_USAGE, "older_than: expected at least "
                    + Durations.format(PruneRule.MIN_RETENTION) + ", found " + Durations.format(olderThan));
        }
        Instant now = clock.instant();
        return rule(target, olderThan, now).compose(byRollbacks -> databases(target)
                .compose(all -> withDrills(target, all)).compose(owned -> {
            PruneRule rule = byRollbacks.alsoNeeding(owned.needed());
            JsonArray kept = new JsonArray();
            List<WardenDatabase> doomed = new ArrayList<>();
            for (WardenDatabase database : owned.databases()) {
                rule.keeps(database).ifPresentOrElse(why -> kept.add(database.toJson(now).put("kept_because", why)),
                        () -> doomed.add(database));
            }
            JsonObject answer = new JsonObject().put("target", targetName).put("dry_run", dryRun)
                    .put("older_than", Durations.format(olderThan)).put("kept", kept);
            if (dryRun) {
                return Future.succeededFuture(answer.put("would_drop",
                        new JsonArray(doomed.stream().map(d -> d.toJson(now)).toList())));
            }
            return drop(target, doomed, now, answer);
        }));
    }

    private Future<List<WardenDatabase>> databases(TargetConfig target) {
        String database = target.connection().database();
        return Connections.withConnection(vertx, Connections.options(target.connection(), target.session()),
                c -> c.query(DATABASES).execute().map(rows -> {
                    List<WardenDatabase> found = new ArrayList<>();
                    for (Row row : rows) {
                        Long size = row.getLong("size");
                        WardenDatabase.recognise(row.getString("datname"), database, size == null ? -1 : size,
                                row.getLong("sessions").intValue()).ifPresent(found::add);
                    }
                    return found;
                }));
    }

    /** The target's databases, and why some of them must stay whatever their age, by name. */
    private record Owned(List<WardenDatabase> databases, Map<String, String> needed) {
    }

    /**
     * The databases without other targets' drill copies, this target's stamped with their drill's
     * start; a copy whose drill still runs, or that no drill of this Warden's made, is needed.
     */
    private Future<Owned> withDrills(TargetConfig target, List<WardenDatabase> found) {
        Map<String, String> needed = new HashMap<>();
        List<Future<Optional<WardenDatabase>>> each = found.stream().map(database -> database.drillId() == null
                ? Future.succeededFuture(Optional.of(database))
                : drills.find(database.drillId()).map(drill -> ownedCopy(target, database, drill, needed))).toList();
        return Future.all(each).map(all -> new Owned(each.stream().map(Future::result).flatMap(Optional::stream)
                .toList(), Map.copyOf(needed)));
    }

    private static Optional<WardenDatabase> ownedCopy(TargetConfig target, WardenDatabase copy,
                                                      Optional<JsonObject> drill, Map<String, String> needed) {
        if (drill.isEmpty()) {
            needed.put(copy.name(), "no drill " + copy.drillId() + " in this Warden's records: not its to drop");
            return Optional.of(copy);
        }
        if (!target.name().equals(drill.get().getString("target"))) {
            return Optional.empty(); // another target's drill on the same server
        }
        if (drill.get().getString("finished_at") == null) {
            needed.put(copy.name(), "drill " + copy.drillId() + " is still running");
        }
        return Optional.of(copy.stampedAt(Instant.parse(drill.get().getString("opened_at"))));
    }

    /** The rule with what must stay whatever its age: what unfinished rollbacks replaced, everything during an incident. */
    private Future<PruneRule> rule(TargetConfig target, Duration olderThan, Instant now) {
        return incidents.open(target.name()).compose(incident -> rollbacks.recent(ROLLBACKS_SCANNED).map(recent -> {
            Map<String, String> needed = new HashMap<>();
            for (JournaledRollback rollback : recent) {
                if (rollback.target().equals(target.name()) && stillNeeds(rollback.status())) {
                    needed.put(replacedBy(target, rollback.requestedAt()), "rollback " + rollback.id() + " is "
                            + rollback.status().journalName() + ": it may still need what it replaced");
                }
            }
            return new PruneRule(olderThan, now, Map.copyOf(needed), incident.map(open -> "incident " + open.id() + " is open on "
                    + target.name() + ": what earlier rollbacks replaced may still be needed").orElse(null));
        }));
    }

    private static boolean stillNeeds(RollbackStatus status) {
        return status != RollbackStatus.SUCCEEDED && status != RollbackStatus.FAILED;
    }

    private static String replacedBy(TargetConfig target, Instant requestedAt) {
        return BackupNames.withSuffix(target.connection().database(), "__replaced_" + BackupNames.stamp(requestedAt));
    }

    /**
     * Drops one at a time on one session, without FORCE: a database someone connected to meanwhile
     * stays, and says so; what became of each goes into {@code answer}'s dropped and failed lists.
     */
    private Future<JsonObject> drop(TargetConfig target, List<WardenDatabase> doomed, Instant now, JsonObject answer) {
        JsonArray dropped = new JsonArray();
        JsonArray failed = new JsonArray();
        return Connections.withConnection(vertx, Connections.options(target.connection(), target.session()), c -> {
            Future<Void> chain = Future.succeededFuture();
            for (WardenDatabase database : doomed) {
                chain = chain.compose(v -> c.query("DROP DATABASE " + SqlText.identifier(database.name())).execute()
                        .<Void>map(done -> {
                            log.info("Pruned {} ({} database of target {}, {} bytes, stamped {})", database.name(),
                                    database.kind().name().toLowerCase(), target.name(), database.sizeBytes(),
                                    database.stampedAt());
                            dropped.add(database.toJson(now));
                            return null;
                        })
                        .recover(e -> {
                            log.warn("Could not prune {} of target {}: {}", database.name(), target.name(),
                                    e.getMessage());
                            failed.add(database.toJson(now).put("error", e.getMessage()));
                            return Future.succeededFuture();
                        }));
            }
            return chain;
        }).map(v -> answer.put("dropped", dropped).put("failed", failed));
    }

    private TargetConfig target(String name) {
        return Optional.ofNullable(targets.get(name)).orElseThrow(() ->
                new WardenException(ErrorCode.NOT_FOUND, "no target named \"" + name + "\""));
    }
}
