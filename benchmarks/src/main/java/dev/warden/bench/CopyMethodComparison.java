package dev.warden.bench;

import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.BackupRequest;
import dev.warden.rollback.backup.CloneBackup;
import dev.warden.rollback.backup.Verification;
import dev.warden.rollback.engine.RollbackExecutor;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.RollbackOutcome;
import dev.warden.rollback.engine.RollbackPlan;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.strategy.BranchSwapStrategy;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * On one PostgreSQL 18 server, Warden's clone backup ({@link CloneBackup#create}, no critical tables,
 * with a {@link DoorWatch} on the source) and branch_swap (the full plan through
 * {@link RollbackExecutor}, restoring from a verified clone, the three tables critical) of one
 * database, with {@code file_copy_method = clone} and {@code = copy} in alternating order. The method
 * is set for Warden's role ({@code ALTER ROLE ... SET}), so each new session of Warden's picks it up.
 * Before each timed step, untimed: its source's files are read once and {@code sync} writes out what
 * the step before left dirty; after it, the clone and the replaced database are dropped.
 */
final class CopyMethodComparison {
    static final List<String> METHODS = List.of("clone", "copy");

    private final Vertx vertx;
    private final EmbeddedServer server;
    private final Sql maintenance;
    private final JournalDatabase state;
    private final String database;
    private final PgConnectOptions target;
    private final Backup restorePoint;
    private Instant lastRequest = Instant.EPOCH;

    /** Per method: clone create, Warden's door_shut_ms, the watched door, branch_swap, its restore_backup step, verify_restore, swap door. */
    final Map<String, MethodTimings> byMethod = new TreeMap<>();

    private CopyMethodComparison(Vertx vertx, EmbeddedServer server, JournalDatabase state, String database,
                                 Backup restorePoint) {
        this.vertx = vertx;
        this.server = server;
        this.maintenance = new Sql(server.address("postgres"));
        this.state = state;
        this.database = database;
        this.target = TargetOptions.of(database, server.address(database));
        this.restorePoint = restorePoint;
        METHODS.forEach(method -> byMethod.put(method, new MethodTimings()));
    }

    /** A verified clone of {@code database} (three tables counted) to restore from, made with file_copy_method = clone. */
    static CopyMethodComparison prepare(Vertx vertx, EmbeddedServer server, JournalDatabase state, String database) {
        setMethod(new Sql(server.address("postgres")), "clone");
        CopyMethodComparison comparison = new CopyMethodComparison(vertx, server, state, database, null);
        Backup clone = comparison.clone(ShopDatabase.TABLES);
        Verification verification = comparison.cloner().verify(clone, comparison.request(ShopDatabase.TABLES)).await();
        if (!verification.ok()) {
            throw new IllegalStateException("the restore point failed its verification: " + verification);
        }
        return new CopyMethodComparison(vertx, server, state, database, clone.withVerification(verification));
    }

    /**
     * One untimed clone and swap with {@code file_copy_method = clone} (it warms the JVM, the client and
     * the door watch's session), then {@code runs} rounds; each round measures each of {@code methods},
     * the first one alternating.
     */
    void compare(int runs, List<String> methods) throws Exception {
        setMethod(maintenance, "clone");
        MethodTimings warmUp = new MethodTimings();
        timedClone(warmUp);
        timedSwap(warmUp);
        for (int run = 0; run < runs; run++) {
            for (int i = 0; i < methods.size(); i++) {
                String method = methods.get((run + i) % methods.size());
                setMethod(maintenance, method);
                MethodTimings t = byMethod.get(method);
                timedClone(t);
                timedSwap(t);
                System.out.printf("%s run %d, file_copy_method = %s: clone %.0f ms (door shut %.0f ms by Warden's"
                                + " count, %.0f ms watched; %s), branch_swap %.0f ms (restore_backup %.0f ms, verify_restore"
                                + " %.0f ms, door shut %.0f ms)%n", database, run + 1, method, t.clones.last(),
                        t.cloneDoor.last(), t.cloneDoorWatched.last(), t.kind, t.swaps.last(), t.restoreSteps.last(),
                        t.verifySteps.last(), t.swapDoor.last());
            }
        }
        setMethod(maintenance, null);
    }

    private void timedClone(MethodTimings t) throws Exception {
        BenchFiles.readAll(databaseDirectory(database));
        BenchFiles.sync();
        long start = System.nanoTime();
        Backup backup;
        DoorWatch watch = DoorWatch.start(maintenance, database);
        try (watch) {
            backup = cloner().create(request(List.of())).await();
        }
        t.clones.add(System.nanoTime() - start);
        t.cloneDoor.add(Duration.ofMillis(Long.parseLong(backup.details().get(CloneBackup.DOOR_SHUT_MS))).toNanos());
        t.cloneDoorWatched.add(watch.closedNanos());
        t.kind = backup.details().get(CloneBackup.RESTORE_KIND);
        maintenance.execute("DROP DATABASE " + quoted(backup.location()));
    }

    /** branch_swap from the restore point; the steps' times come from the journal. */
    private void timedSwap(MethodTimings t) throws Exception {
        BenchFiles.readAll(databaseDirectory(restorePoint.location()));
        BenchFiles.sync();
        RollbackRequest request = new RollbackRequest(database, target, null, restorePoint,
                RollbackOptions.defaults().withCriticalTables(ShopDatabase.TABLES), nextSecond());
        BranchSwapStrategy strategy = new BranchSwapStrategy(vertx);
        RollbackPlan plan = strategy.plan(request).await();
        RollbackExecutor executor = new RollbackExecutor(vertx, Clock.systemUTC(), state.journal(), List.of(strategy),
                name -> target);
        long start = System.nanoTime();
        RollbackOutcome outcome = executor.execute(plan).await();
        long took = System.nanoTime() - start;
        if (!outcome.succeeded()) {
            throw new IllegalStateException("branch_swap " + outcome.status() + ": " + outcome.summary());
        }
        JournalTimes journal = JournalTimes.of(state.sql(), plan.id());
        t.swaps.add(took);
        t.restoreSteps.add(stepNanos(journal, "restore_backup"));
        t.verifySteps.add(stepNanos(journal, "verify_restore"));
        t.swapDoor.add(Duration.between(step(journal, "block_connections").started(),
                step(journal, "rename_restored_to_target").ended()).toNanos());
        for (String replaced : maintenance.queryColumn("SELECT datname FROM pg_database WHERE datname LIKE '"
                + database + "\\_\\_replaced\\_%'")) {
            maintenance.execute("DROP DATABASE " + quoted(replaced));
        }
    }

    private static long stepNanos(JournalTimes journal, String name) {
        JournalTimes.StepTimes step = step(journal, name);
        return Duration.between(step.started(), step.ended()).toNanos();
    }

    private static JournalTimes.StepTimes step(JournalTimes journal, String name) {
        return journal.steps().stream().filter(s -> s.name().equals(name) && s.started() != null).findFirst()
                .orElseThrow(() -> new IllegalStateException("rollback " + journal.id() + " ran no step " + name));
    }

    private Backup clone(List<String> critical) {
        return cloner().create(request(critical)).await();
    }

    private CloneBackup cloner() {
        return new CloneBackup(vertx, Clock.systemUTC(), Duration.ofHours(1));
    }

    /** file_copy_method for Warden's role from its next session on; null resets it to the server's (copy). */
    private static void setMethod(Sql maintenance, String method) {
        maintenance.execute(method == null ? "ALTER ROLE postgres RESET file_copy_method"
                : "ALTER ROLE postgres SET file_copy_method = " + method);
    }

    private BackupRequest request(List<String> criticalTables) {
        return new BackupRequest(database, server.address(database).connectOptions(), "benchmark", criticalTables,
                nextSecond());
    }

    /** Backup and swap names are stamped to the second: each request gets its own second. */
    private Instant nextSecond() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        lastRequest = now.isAfter(lastRequest) ? now : lastRequest.plusSeconds(1);
        return lastRequest;
    }

    private Path databaseDirectory(String name) {
        return server.directory().resolve("data").resolve("base").resolve(maintenance.queryColumn(
                "SELECT oid FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'").get(0));
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** One method's runs. */
    static final class MethodTimings {
        final Timings clones = new Timings();
        final Timings cloneDoor = new Timings();
        final Timings cloneDoorWatched = new Timings();
        final Timings swaps = new Timings();
        final Timings restoreSteps = new Timings();
        final Timings verifySteps = new Timings();
        final Timings swapDoor = new Timings();
        String kind;
    }
}
