package dev.warden.daemon.drill;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.EffectiveMatrix;
import dev.warden.config.TargetConfig;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.runs.ClientConnection;
import dev.warden.daemon.runs.RunStore;
import dev.warden.daemon.state.StateStore;
import dev.warden.postgres.Connections;
import dev.warden.postgres.ServerConnections;
import dev.warden.postgres.Failures;
import dev.warden.rollback.backup.Backup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code warden drill} on the daemon's side. Opening a drill clones the target into a scratch copy
 * (the target's one touch), takes a verified clone of that copy as its restore point, fingerprints
 * it and starts sampling the command's locks; the client then runs the migration against the copy.
 * Finishing it runs each restoring strategy of the target's matrix on the copy as if it were the
 * target, verifies that the copy is back as it was, times it against the rule's budget, drops every
 * database the drill made and stores the report.
 */
public final class Drills {
    /** Every scratch copy's name starts so: housekeeping lists them, start-up drops leftovers. */
    public static final String SCRATCH_PREFIX = "warden_drill_";

    private static final Logger log = LoggerFactory.getLogger(Drills.class);
    /** How long a client may take to report its command's end before the drill is ended without it. */
    public static final Duration DEFAULT_CLIENT_TIMEOUT = Duration.ofHours(1);

    private final Vertx vertx;
    private final Map<String, TargetConfig> targets;
    private final Map<String, EffectiveMatrix> matrices;
    private final ScratchDatabases scratch;
    private final RunStore store;
    private final DrillMetrics metrics;
    private final Clock clock;
    private final Map<String, ServerConnections> servers;
    private final Map<String, OpenDrill> open = new ConcurrentHashMap<>();

    /** A drill whose command runs, with what finishing it needs. */
    private record OpenDrill(DrillRun run, TargetConfig target, PgConnectOptions copy, Backup restorePoint,
                             CopyFingerprint before, StatementLocks locks, Duration budget, Instant handedOver,
                             Duration clientTimeout) {
    }

    public Drills(Vertx vertx, List<TargetConfig> targets, Map<String, EffectiveMatrix> matrices, StateStore state,
                  WardenMetrics metrics, Clock clock) {
        this(vertx, targets, matrices, state, metrics, clock, Map.of());
    }

    /** @param servers each target's server connections: the start-up scan takes a turn where its targets take turns */
    public Drills(Vertx vertx, List<TargetConfig> targets, Map<String, EffectiveMatrix> matrices, StateStore state,
                  WardenMetrics metrics, Clock clock, Map<String, ServerConnections> servers) {
        this.vertx = vertx;
        this.servers = servers;
        this.targets = targets.stream().collect(Collectors.toMap(TargetConfig::name, t -> t));
        this.matrices = matrices;
        this.scratch = new ScratchDatabases(vertx, clock);
        this.store = RunStore.drills(state.pool(), state.ready());
        this.metrics = new DrillMetrics(metrics);
        this.clock = clock;
    }

    /**
     * Ends as failed the drills a stopped Warden left running and drops every scratch database of an
     * interrupted drill on each target's server: nothing a drill makes outlives it.
     */
    public Future<Void> start() {
        vertx.setPeriodic(5000, timer -> endAbandoned());
        List<Future<?>> cleaned = new ArrayList<>();
        // Once per server and role, not per target: a server's drill databases are the same for all its targets.
        Map<String, TargetConfig> byServer = new LinkedHashMap<>();
        targets.values().forEach(t -> byServer.putIfAbsent(t.connection().server() + " " + t.connection().user(), t));
        byServer.values().forEach(target -> cleaned.add(onTurn(target, () -> scratch.dropLeftovers(connection(target)))
                .onFailure(e -> log.warn("Could not drop leftover drill databases on the server of {}: {}", target.name(),
                        Failures.describe(e)))
                .otherwiseEmpty()));
        cleaned.add(store.running().compose(left -> Future.all(left.stream().map(report -> {
            Instant now = clock.instant();
            log.warn("Drill {} on {} was interrupted by a Warden that stopped: ended as failed",
                    report.getString("id"), report.getString("target"));
            return store.save(report.put("status", "failed").put("finished_at", now.toString())
                    .put("reasons", report.getJsonArray("reasons", new JsonArray())
                            .add("Warden stopped during the drill; its scratch databases were dropped at the next start")));
        }).toList())));
        return Future.all(cleaned).mapEmpty();
    }

    /**
     * Runs {@code work} (one connection) within a turn of the target's server when its targets take turns,
     * so that the scan counts against {@code connection.server_connections} like a check.
     */
    private <T> Future<T> onTurn(TargetConfig target, Supplier<Future<T>> work) {
        ServerConnections server = servers.get(target.name());
        if (server == null || !server.takesTurns()) {
            return work.get();
        }
        return server.take(target.connection().connectTimeout().orElse(target.session().connectTimeout()))
                .compose(turn -> work.get().onComplete(done -> turn.giveBack()));
    }

    /** Opens a drill: the scratch copy, its restore point, the lock sampling. Answers where the command goes. */
    public Future<JsonObject> open(String targetName, List<String> command, Duration budget) {
        return open(targetName, command, budget, DEFAULT_CLIENT_TIMEOUT);
    }

    /** @param clientTimeout after this long without the client's finish, the drill ends without it (a killed CLI) */
    public Future<JsonObject> open(String targetName, List<String> command, Duration budget, Duration clientTimeout) {
        TargetConfig target = targets.get(targetName);
        if (target == null) {
            return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no target named \"" + targetName + "\""));
        }
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
        DrillRun run = new DrillRun(id, targetName, command, clock.instant());
        run.event(run.openedAt(), "opened by `" + String.join(" ", command) + "`");
        Instant cloning = clock.instant();
        return scratch.cloneTarget(targetName, connection(target), id, target.criticalTables())
                .compose(copy -> {
                    run.took("clone_target", Duration.between(cloning, clock.instant()));
                    run.event(clock.instant(), "cloned " + connection(target).getDatabase() + " into " + copy.getDatabase());
                    Instant pointing = clock.instant();
                    return scratch.restorePoint(targetName, copy, id, target.criticalTables())
                            .compose(point -> CopyFingerprint.take(vertx, copy, target.criticalTables(),
                                    RollbackOnCopy.filter(target)).map(before -> {
                                run.took("restore_point", Duration.between(pointing, clock.instant()));
                                run.event(clock.instant(), "restore point " + point.location() + " verified");
                                StatementLocks locks = new StatementLocks(vertx, Connections.pool(vertx, copy, 1),
                                        DrillRun.applicationName(id));
                                locks.start();
                                open.put(id, new OpenDrill(run, target, copy, point, before, locks, budget, clock.instant(),
                                        clientTimeout));
                                return run.toJson().put("connection", ClientConnection.of(
                                        target.connection().withDatabase(copy.getDatabase()), DrillRun.applicationName(id)));
                            }));
                })
                .compose(answer -> store.save(run.toJson()).map(answer))
                .recover(e -> {
                    OpenDrill opened = open.remove(id);
                    Future<Void> closed = opened == null ? Future.succeededFuture() : opened.locks().close();
                    return closed.eventually(() -> scratch.dropAll(connection(target), id))
                            .transform(done -> Future.failedFuture(new WardenException(ErrorCode.FAILED,
                                    "drill on " + targetName + " could not start: " + Failures.describe(e))));
                });
    }

    /** The command ended with {@code exitCode}: drills the rollbacks, cleans up, answers the report. */
    public Future<JsonObject> finish(String id, int exitCode) {
        OpenDrill drill = open.remove(id);
        if (drill == null) {
            return find(id).map(found -> found.orElseThrow(() -> new WardenException(ErrorCode.NOT_FOUND, "no drill " + id)));
        }
        DrillRun run = drill.run();
        // From the copy being handed to the client to the client's finish: the command and its start-up.
        run.took("command", Duration.between(drill.handedOver(), clock.instant()));
        run.put("exit_code", exitCode);
        run.event(clock.instant(), "command ended with exit code " + exitCode);
        return conclude(drill, exitCode == 0 ? null
                : "the command failed with exit code " + exitCode + ": no rollback was drilled");
    }

    /** Drills whose client went silent past its timeout end without it, so their copies do not linger. */
    private void endAbandoned() {
        Instant now = clock.instant();
        open.values().stream().filter(d -> now.isAfter(d.handedOver().plus(d.clientTimeout()))).toList().forEach(d -> {
            if (open.remove(d.run().id(), d)) {
                log.warn("Drill {} on {}: no finish from its client in {}; ended without it", d.run().id(),
                        d.run().target(), d.clientTimeout());
                conclude(d, "the client did not report the command's end within " + d.clientTimeout().toSeconds()
                        + " s: no rollback was drilled");
            }
        });
    }

    /** Drills the rollbacks unless {@code failure} says why not, drops the copies, stores and answers the report. */
    private Future<JsonObject> conclude(OpenDrill drill, String failure) {
        DrillRun run = drill.run();
        Future<Void> rollbacks;
        if (failure != null) {
            run.reason(failure);
            rollbacks = drill.locks().close();
        } else {
            rollbacks = drill.locks().close().compose(v -> drillEach(drill));
        }
        return rollbacks
                .recover(e -> {
                    run.reason("the drill broke off: " + Failures.describe(e));
                    return Future.succeededFuture();
                })
                .compose(v -> cleanUp(drill))
                .compose(v -> {
                    run.put("statements", drill.locks().toJson());
                    run.end(clock.instant());
                    metrics.ended(run.target(), run.passed(), clock.millis() / 1000.0);
                    log.info("Drill {} on {}: {}", run.id(), run.target(), run.toJson().getString("status"));
                    return store.save(run.toJson()).otherwise(e -> {
                        log.error("Drill {}: the report could not be stored: {}", run.id(), Failures.describe(e));
                        return null;
                    });
                })
                .map(v -> run.toJson());
    }

    private Future<Void> drillEach(OpenDrill drill) {
        EffectiveMatrix matrix = matrices.get(drill.target().name());
        List<DrilledStrategy> strategies = matrix == null ? List.of() : DrilledStrategy.of(matrix, drill.budget());
        return new StrategiesOnCopy(vertx, clock, scratch, drill.run(), drill.target(), connection(drill.target()),
                drill.copy(), drill.restorePoint(), drill.before(), metrics).drill(strategies);
    }

    /** Drops every database the drill made; a failure to is a reason the drill failed, said where they are. */
    private Future<Void> cleanUp(OpenDrill drill) {
        return scratch.dropAll(connection(drill.target()), drill.run().id())
                .onSuccess(dropped -> {
                    drill.run().put("dropped", new JsonArray(dropped));
                    drill.run().event(clock.instant(), "dropped " + String.join(", ", dropped));
                })
                .<Void>mapEmpty()
                .recover(e -> {
                    drill.run().reason("its scratch databases (" + ScratchDatabases.scratchName(drill.run().id())
                            + "...) could not be dropped: " + Failures.describe(e) + "; the next start drops them");
                    return Future.succeededFuture();
                });
    }

    /** The newest drills first, of one target or all (null), as stored. */
    public Future<List<JsonObject>> recent(int limit, String target) {
        return store.recent(limit, target);
    }

    /** The target's last drill (live while it runs); a 404 for a target this Warden does not watch. */
    public Future<Optional<JsonObject>> last(String targetName) {
        if (!targets.containsKey(targetName)) {
            return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no target named \"" + targetName + "\""));
        }
        return store.recent(1, targetName).compose(newest -> newest.isEmpty() ? Future.succeededFuture(Optional.empty())
                : find(newest.get(0).getString("id")));
    }

    /** The drill's report: live while it runs, from the state store after. */
    public Future<Optional<JsonObject>> find(String id) {
        OpenDrill drill = open.get(id);
        return drill != null ? Future.succeededFuture(Optional.of(drill.run().toJson())) : store.find(id);
    }

    private static PgConnectOptions connection(TargetConfig target) {
        return Connections.options(target.connection(), target.session());
    }
}
