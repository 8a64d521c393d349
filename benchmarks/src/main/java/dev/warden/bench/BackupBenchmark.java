package dev.warden.bench;

import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.BackupRequest;
import dev.warden.rollback.backup.CloneBackup;
import dev.warden.rollback.backup.DumpBackup;
import dev.warden.rollback.backup.DumpOptions;
import dev.warden.rollback.backup.Verification;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * How much faster a clone backup is than a dump that is restored: Warden's {@link CloneBackup}
 * (the real path: connections blocked, sessions terminated, {@code CREATE DATABASE ... TEMPLATE ...
 * STRATEGY FILE_COPY}, comment) against Warden's {@link DumpBackup} ({@code pg_dump -Fc}) followed
 * by {@code pg_restore} into a new empty database, alternately, on a ~1 GiB database of a
 * PostgreSQL 15 server (the machine's pg_dump is 15 and refuses newer servers). Run with
 * {@code bench/run backup [runs] [sizeMb]}; prints medians/min/max and appends a Markdown row to
 * {@code benchmarks/target/bench/backup.md}. Every clone, restored database and dump file is removed
 * after its run, and the server's directory at the end.
 */
public final class BackupBenchmark {
    static final String SOURCE = "shop";
    static final String RESTORED = "shop_restored";
    private static final int PG_MAJOR = 15;
    private static final String HEADER = """
            | date | size MiB | runs | clone median ms | clone min ms | clone max ms | dump median ms | restore median ms \
            | dump+restore median ms | dump+restore min ms | dump+restore max ms | dump file MiB | ratio |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|
            """;

    private final EmbeddedServer server;
    private final Sql maintenance;
    private final CloneBackup clone;
    private final DumpBackup dump;
    private final Path work;
    private final Map<String, Long> sourceCounts;
    private Instant lastRequest = Instant.EPOCH;

    private BackupBenchmark(Vertx vertx, EmbeddedServer server, Path work) {
        this.server = server;
        this.maintenance = new Sql(server.address("postgres"));
        this.clone = new CloneBackup(vertx, Clock.systemUTC(), Duration.ofHours(1));
        this.dump = new DumpBackup(vertx, Clock.systemUTC(), work.resolve("dumps"), DumpOptions.defaults());
        this.work = work;
        this.sourceCounts = ShopDatabase.rowCounts(new Sql(server.address(SOURCE)));
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int sizeMb = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        Path work = BenchFiles.workDirectory();
        Path serverDirectory = work.resolve("pg15-backup");
        BenchFiles.deleteRecursively(serverDirectory);
        BenchFiles.deleteRecursively(work.resolve("dumps"));
        Vertx vertx = Vertx.vertx();
        try (EmbeddedServer server = EmbeddedServer.start(serverDirectory, PG_MAJOR)) {
            new Sql(server.address("postgres")).execute("CREATE DATABASE " + SOURCE);
            long setup = System.nanoTime();
            long size = ShopDatabase.create(new Sql(server.address(SOURCE)), (long) sizeMb << 20);
            System.out.printf("setup: %d MiB (pg_database_size, %d bytes) in %.1f s%n", size >> 20, size,
                    (System.nanoTime() - setup) / 1e9);
            BackupBenchmark benchmark = new BackupBenchmark(vertx, server, work);
            System.out.println("rows: " + benchmark.sourceCounts);
            benchmark.measure(runs, size);
            benchmark.observeClones();
        } finally {
            vertx.close().await();
            BenchFiles.deleteRecursively(serverDirectory);
            BenchFiles.deleteRecursively(work.resolve("dumps"));
        }
    }

    private void measure(int runs, long size) throws Exception {
        Timings clones = new Timings();
        DumpTimings dumps = new DumpTimings();
        // One untimed clone: the first use of the Vert.x client loads classes and starts Netty (~300 ms).
        cloneOnce();
        for (int run = 0; run < runs; run++) {
            // ABBA order: neither kind always runs right after the other's dirty work.
            if (run % 2 == 0) {
                clones.add(cloneOnce());
                dumpAndRestoreOnce(dumps, run == runs - 1);
            } else {
                dumpAndRestoreOnce(dumps, run == runs - 1);
                clones.add(cloneOnce());
            }
            System.out.printf("run %d: clone %.0f ms, dump %.0f ms, restore %.0f ms%n", run + 1, clones.last(),
                    dumps.dumps.last(), dumps.restores.last());
        }
        double ratio = dumps.total.median() / clones.median();
        System.out.println("clone (CloneBackup.create):  " + clones.summary());
        System.out.println("dump (DumpBackup.create):    " + dumps.dumps.summary());
        System.out.println("  of which SHA-256 of file:  " + dumps.checksums.summary());
        System.out.println("restore (pg_restore):        " + dumps.restores.summary());
        System.out.println("dump+restore:                " + dumps.total.summary());
        System.out.printf("dump file: %d MiB; ratio dump+restore / clone (medians): %.1f%n", dumps.fileBytes >> 20, ratio);
        String row = "| %s | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %d | %.1f |".formatted(
                LocalDate.now(), size >> 20, runs, clones.median(), clones.min(), clones.max(), dumps.dumps.median(),
                dumps.restores.median(), dumps.total.median(), dumps.total.min(), dumps.total.max(),
                dumps.fileBytes >> 20, ratio);
        BenchFiles.appendRow(work.resolve("backup.md"), HEADER, row);
        System.out.println(row);
    }

    /** CloneBackup.create alone, timed; the clone is dropped afterwards. */
    private long cloneOnce() {
        long start = System.nanoTime();
        Backup backup = clone.create(request(List.of())).await();
        long took = System.nanoTime() - start;
        maintenance.execute("DROP DATABASE " + quoted(backup.location()));
        return took;
    }

    /** DumpBackup.create, then pg_restore into a new empty database; both removed afterwards. */
    private void dumpAndRestoreOnce(DumpTimings rounds, boolean verify) throws Exception {
        maintenance.execute("CREATE DATABASE " + RESTORED + " TEMPLATE template0");
        BackupRequest request = request(ShopDatabase.TABLES);
        long start = System.nanoTime();
        Backup backup = dump.create(request).await();
        long dumped = System.nanoTime();
        Path file = Path.of(backup.location());
        PgRestore.run(server.address(RESTORED), file, file.resolveSibling("pg_restore.log"));
        long restored = System.nanoTime();
        rounds.add(dumped - start, restored - dumped, BenchFiles.sha256Nanos(file), backup.sizeBytes());
        Map<String, Long> counts = ShopDatabase.rowCounts(new Sql(server.address(RESTORED)));
        if (!counts.equals(sourceCounts)) {
            throw new IllegalStateException("restored rows " + counts + " differ from the source's " + sourceCounts);
        }
        if (verify) {
            long verifying = System.nanoTime();
            Verification verification = dump.verify(backup, request).await();
            System.out.printf("DumpBackup.verify (SHA-256 again, pg_restore --list): %s in %.0f ms%n",
                    verification.ok() ? "passed" : "FAILED " + verification, (System.nanoTime() - verifying) / 1e6);
        }
        maintenance.execute("DROP DATABASE " + RESTORED);
        Files.delete(file);
    }

    /**
     * Two more clones, untimed above, with a watch on the source's door: how long clients are refused,
     * without and with exact counts of the three tables (which CloneBackup takes while the door is shut).
     */
    private void observeClones() throws Exception {
        for (List<String> critical : List.of(List.<String>of(), ShopDatabase.TABLES)) {
            BackupRequest request = request(critical);
            long start = System.nanoTime();
            Backup backup;
            DoorWatch watch = DoorWatch.start(maintenance, SOURCE);
            try (watch) {
                backup = clone.create(request).await();
            }
            long took = System.nanoTime() - start;
            Verification verification = clone.verify(backup, request).await();
            System.out.printf("observed clone, %d critical tables: create %.0f ms, connections refused for %.0f ms"
                            + " (%d polls), clone_ms %s, verification %s%n", critical.size(), took / 1e6,
                    watch.closedNanos() / 1e6, watch.polls(), backup.details().get("clone_ms"),
                    verification.ok() ? "passed" : "FAILED " + verification);
            maintenance.execute("DROP DATABASE " + quoted(backup.location()));
        }
    }

    /** Backups are named after the second they were requested: each request gets its own second. */
    private BackupRequest request(List<String> criticalTables) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        lastRequest = now.isAfter(lastRequest) ? now : lastRequest.plusSeconds(1);
        return new BackupRequest("bench", server.address(SOURCE).connectOptions(), "benchmark", criticalTables,
                lastRequest);
    }

    /** Backup names have capitals ({@code shop__warden_20261122T031500Z}): quote them. */
    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
