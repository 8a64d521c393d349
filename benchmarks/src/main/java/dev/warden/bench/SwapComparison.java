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
import dev.warden.rollback.strategy.FreezeStrategy;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Three ways to put a ~1 GiB database back, in the same run and in rotating order: Warden's
 * branch_swap from a verified clone (the full plan run through {@link RollbackExecutor}: fence,
 * journal, restore by {@code CREATE DATABASE ... TEMPLATE <clone> STRATEGY FILE_COPY}, owner and
 * privileges carried over, swap by two renames), {@code pg_restore -j2} of a {@code pg_dump -Fc}
 * into a new database, and a plain {@code cp -a} of the stopped server's data directory (and of the
 * database's own directory under {@code base/}). Before each timed step, untimed: its source is
 * read once (the clone's files, the dump, the data directory), so that all three copy from the page
 * cache, and {@code sync} writes out what the previous step left dirty. After each swap the new
 * {@code shop} is checked against the source's row counts and the replaced database is dropped
 * (untimed); so is each restored database.
 */
final class SwapComparison {
    static final String SOURCE = "shop";
    private static final String RESTORED = "shop_restored";
    static final int JOBS = 2;

    private enum Way { BRANCH_SWAP, PG_RESTORE, FILE_COPY }

    private final Clock clock = Clock.systemUTC();
    private final EmbeddedServer server;
    private final Sql maintenance;
    private final JournalDatabase state;
    private final RollbackExecutor executor;
    private final BranchSwapStrategy strategy;
    private final PgConnectOptions target;
    private final Backup clone;
    private final Path dump;
    private final Path scratch;
    private final Map<String, Long> sourceCounts;
    private Instant lastRequest = Instant.EPOCH;

    final SwapTimings timings = new SwapTimings();

    private SwapComparison(Vertx vertx, EmbeddedServer server, JournalDatabase state, Backup clone, Path dump,
                           Path scratch) {
        this.server = server;
        this.maintenance = new Sql(server.address("postgres"));
        this.state = state;
        this.strategy = new BranchSwapStrategy(vertx);
        this.target = TargetOptions.of(SOURCE, server.address(SOURCE));
        this.executor = new RollbackExecutor(vertx, clock, state.journal(), List.of(strategy, new FreezeStrategy()),
                name -> target);
        this.clone = clone;
        this.dump = dump;
        this.scratch = scratch;
        this.sourceCounts = ShopDatabase.rowCounts(new Sql(server.address(SOURCE)));
    }

    /**
     * On a server holding the filled {@code shop}: the journal's state database, a verified clone
     * (CloneBackup, the three tables as critical tables) and a {@code pg_dump -Fc} (timed, printed).
     */
    static SwapComparison prepare(Vertx vertx, EmbeddedServer server, Path scratch) throws Exception {
        JournalDatabase state = JournalDatabase.create(vertx, server.address("postgres"), "warden_state",
                Clock.systemUTC());
        CloneBackup cloner = new CloneBackup(vertx, Clock.systemUTC(), Duration.ofHours(1));
        BackupRequest request = new BackupRequest(SOURCE, server.address(SOURCE).connectOptions(), "benchmark",
                ShopDatabase.TABLES, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        long cloning = System.nanoTime();
        Backup taken = cloner.create(request).await();
        Verification verification = cloner.verify(taken, request).await();
        if (!verification.ok()) {
            throw new IllegalStateException("the clone failed its verification: " + verification);
        }
        System.out.printf("clone %s taken and verified in %.0f ms%n", taken.location(), (System.nanoTime() - cloning) / 1e6);
        Path dump = scratch.resolve("shop.dump");
        long dumping = System.nanoTime();
        PgDump.run(server.address(SOURCE), dump, scratch.resolve("pg_dump.log"));
        System.out.printf("pg_dump -Fc (taken once, not part of the comparison): %.0f ms, %d MiB%n",
                (System.nanoTime() - dumping) / 1e6, Files.size(dump) >> 20);
        return new SwapComparison(vertx, server, state, taken.withVerification(verification), dump, scratch);
    }

    /** One untimed swap, then {@code runs} rounds of the three ways, each round starting one further along. */
    void compare(int runs) throws Exception {
        swap(false);
        List<Way> ways = List.of(Way.values());
        for (int run = 0; run < runs; run++) {
            for (int i = 0; i < ways.size(); i++) {
                switch (ways.get((run + i) % ways.size())) {
                    case BRANCH_SWAP -> swap(true);
                    case PG_RESTORE -> restore();
                    case FILE_COPY -> copy();
                }
            }
            System.out.printf("run %d: branch_swap %.0f ms (plan %.0f ms), pg_restore -j%d %.0f ms, cp -a data dir %.0f ms,"
                            + " cp -a database dir %.0f ms (stop %.0f ms, start %.0f ms)%n", run + 1, timings.swaps.last(),
                    timings.plans.last(), JOBS, timings.restores.last(), timings.dataCopies.last(),
                    timings.databaseCopies.last(), timings.stops.last(), timings.starts.last());
        }
    }

    void close() {
        state.close();
    }

    /** Plans (timed apart) and runs branch_swap; reads the steps' times from the journal. */
    private void swap(boolean timed) throws Exception {
        BenchFiles.readAll(databaseDirectory(clone.location()));
        BenchFiles.sync();
        RollbackRequest request = new RollbackRequest(SOURCE, target, null, clone,
                RollbackOptions.defaults().withCriticalTables(ShopDatabase.TABLES), nextSecond());
        long planning = System.nanoTime();
        RollbackPlan plan = strategy.plan(request).await();
        long executing = System.nanoTime();
        Instant executeAt = clock.instant();
        RollbackOutcome outcome = executor.execute(plan).await();
        long done = System.nanoTime();
        Instant returnedAt = clock.instant();
        if (!outcome.succeeded()) {
            throw new IllegalStateException("branch_swap " + outcome.status() + ": " + outcome.summary());
        }
        if (timed) {
            timings.plans.add(executing - planning);
            timings.swaps.add(done - executing);
            timings.addJournal(JournalTimes.of(state.sql(), plan.id()), executeAt, returnedAt);
        }
        requireSourceRows(SOURCE);
        for (String replaced : maintenance.queryColumn(
                "SELECT datname FROM pg_database WHERE datname LIKE '" + SOURCE + "\\_\\_replaced\\_%'")) {
            maintenance.execute("DROP DATABASE " + quoted(replaced));
        }
    }

    /** A new database from template0, then pg_restore -j2 of the dump into it; both timed together. */
    private void restore() throws Exception {
        BenchFiles.readAll(dump);
        BenchFiles.sync();
        long start = System.nanoTime();
        maintenance.execute("CREATE DATABASE " + RESTORED + " TEMPLATE template0");
        PgRestore.run(server.address(RESTORED), dump, scratch.resolve("pg_restore.log"), JOBS);
        timings.restores.add(System.nanoTime() - start);
        requireSourceRows(RESTORED);
        maintenance.execute("DROP DATABASE " + RESTORED);
    }

    /**
     * Stops the server, copies the source's own directory under {@code base/} (the same bytes a
     * FILE_COPY clone copies), then the whole data directory, and starts it again; a {@code sync}
     * before each copy, untimed.
     */
    private void copy() throws Exception {
        Path data = server.directory().resolve("data");
        Path database = databaseDirectory(SOURCE);
        timings.dataBytes = BenchFiles.size(data);
        timings.databaseBytes = BenchFiles.size(database);
        timings.walBytes = BenchFiles.size(data.resolve("pg_wal"));
        Path dataCopy = scratch.resolve("data-copy");
        Path databaseCopy = scratch.resolve("database-copy");
        BenchFiles.readAll(data);
        BenchFiles.sync();
        long stopping = System.nanoTime();
        server.stop();
        long stopped = System.nanoTime();
        BenchFiles.copyDirectory(database, databaseCopy);
        long databaseCopied = System.nanoTime();
        BenchFiles.sync();
        long copying = System.nanoTime();
        BenchFiles.copyDirectory(data, dataCopy);
        long starting = System.nanoTime();
        server.start();
        long started = System.nanoTime();
        timings.addCopy(stopped - stopping, starting - copying, databaseCopied - stopped, started - starting);
        BenchFiles.deleteRecursively(dataCopy);
        BenchFiles.deleteRecursively(databaseCopy);
        // The journal's pool lost its sessions with the server: let it find that out now, untimed.
        state.pool().query("SELECT 1").execute().recover(e -> state.pool().query("SELECT 1").execute()).await();
    }

    /** Where a database's files are: {@code base/<oid>} of the data directory. */
    private Path databaseDirectory(String name) {
        return server.directory().resolve("data").resolve("base").resolve(maintenance.queryColumn(
                "SELECT oid FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'").get(0));
    }

    private void requireSourceRows(String database) {
        Map<String, Long> counts = ShopDatabase.rowCounts(new Sql(server.address(database)));
        if (!counts.equals(sourceCounts)) {
            throw new IllegalStateException(database + " holds " + counts + ", the source held " + sourceCounts);
        }
    }

    /** Swap names are stamped to the second: each request gets its own second. */
    private Instant nextSecond() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        lastRequest = now.isAfter(lastRequest) ? now : lastRequest.plusSeconds(1);
        return lastRequest;
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
