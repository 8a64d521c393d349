package dev.warden.bench;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restore at any size (issue 13): on PostgreSQL 18 (embedded 18.x binaries) whose data directory is on
 * a loop-mounted XFS with reflinks that this benchmark makes and removes ({@link ReflinkFilesystem}),
 * Warden's clone backup and branch_swap of ~1 GiB and ~4 GiB databases with
 * {@code file_copy_method = clone} against {@code = copy} on the same server
 * ({@link CopyMethodComparison}); then {@code pg_restore -j2} of the same data into a PostgreSQL 15
 * server on the ordinary disk ({@link DumpRestoreRuns}; the machine's client tools are 15 and refuse
 * newer servers). Medians of RUNS runs. Run with {@code bench/run reflink [RUNS] [SIZES_MB] [--clone-only]}
 * ({@code --clone-only}: file_copy_method = clone alone and no pg_restore, for more runs in less time);
 * prints the summary and appends Markdown rows to {@code benchmarks/target/bench/reflink.md}.
 */
public final class ReflinkBenchmark {
    private static final int PG_CLONE_MAJOR = 18;
    private static final int PG_DUMP_MAJOR = 15;
    /** Room for the databases, one full copy of the largest, its restore and WAL; sparse, so only what is written is used. */
    private static final long IMAGE_BYTES_PER_MIB = 5L << 20;
    private static final long IMAGE_SLACK_BYTES = 4L << 30;
    private static final String HEADER = """
            | date | size MiB | runs | file_copy_method | restore kind | clone median ms | clone min ms | clone max ms \
            | clone door shut median ms (Warden) | door shut median ms (watched) | branch_swap median ms \
            | branch_swap min ms | branch_swap max ms | restore_backup median ms | verify_restore median ms \
            | swap door shut median ms | pg_restore -j2 median ms (PG 15) | pg_restore / restore_backup |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
            """;

    private ReflinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Integer> sizesMb = args.length > 1 ? Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList()
                : List.of(1024, 4096);
        boolean cloneOnly = Arrays.asList(args).contains("--clone-only");
        List<String> methods = cloneOnly ? List.of("clone") : CopyMethodComparison.METHODS;
        Path work = BenchFiles.workDirectory();
        Path scratch = work.resolve("reflink");
        BenchFiles.deleteRecursively(scratch);
        Map<Integer, Map<String, CopyMethodComparison.MethodTimings>> cloned = new LinkedHashMap<>();
        Map<Integer, Long> actualMb = new LinkedHashMap<>();
        Map<Integer, Timings> restored = new LinkedHashMap<>();
        Vertx vertx = Vertx.vertx();
        try {
            long imageBytes = IMAGE_SLACK_BYTES + IMAGE_BYTES_PER_MIB * sizesMb.stream().mapToLong(Integer::longValue).sum();
            try (ReflinkFilesystem xfs = ReflinkFilesystem.create(scratch.resolve("xfs.img"), scratch.resolve("xfs"),
                    imageBytes)) {
                System.out.println("file system: " + xfs.describe());
                onPostgres18(vertx, xfs.mountPoint().resolve("pg18"), runs, sizesMb, methods, cloned, actualMb);
            }
            if (cloneOnly) {
                sizesMb.forEach(size -> restored.put(size, null));
            } else {
                restoreDumps(scratch, runs, sizesMb, restored);
            }
        } finally {
            vertx.close().await();
            BenchFiles.deleteRecursively(scratch);
        }
        report(work.resolve("reflink.md"), runs, sizesMb, methods, cloned, actualMb, restored);
    }

    private static void onPostgres18(Vertx vertx, Path directory, int runs, List<Integer> sizesMb, List<String> methods,
                                     Map<Integer, Map<String, CopyMethodComparison.MethodTimings>> cloned,
                                     Map<Integer, Long> actualMb) throws Exception {
        try (EmbeddedServer pg18 = EmbeddedServer.start(directory, PG_CLONE_MAJOR);
             JournalDatabase state = JournalDatabase.create(vertx, pg18.address("postgres"), "warden_state",
                     Clock.systemUTC())) {
            System.out.println("server: PostgreSQL " + new Sql(pg18.address("postgres")).queryColumn("SHOW server_version").get(0)
                    + ", data directory " + directory.resolve("data"));
            for (int sizeMb : sizesMb) {
                String database = "shop_" + sizeMb;
                actualMb.put(sizeMb, create(pg18, database, sizeMb) >> 20);
            }
            for (int sizeMb : sizesMb) {
                CopyMethodComparison comparison = CopyMethodComparison.prepare(vertx, pg18, state, "shop_" + sizeMb);
                comparison.compare(runs, methods);
                cloned.put(sizeMb, comparison.byMethod);
            }
        }
    }

    /** pg_restore -j2 on PostgreSQL 15, on the ordinary disk: the same data, generated the same way. */
    private static void restoreDumps(Path scratch, int runs, List<Integer> sizesMb, Map<Integer, Timings> restored)
            throws Exception {
        try (EmbeddedServer pg15 = EmbeddedServer.start(scratch.resolve("pg15"), PG_DUMP_MAJOR)) {
            for (int sizeMb : sizesMb) {
                String database = "shop_" + sizeMb;
                create(pg15, database, sizeMb);
                restored.put(sizeMb, DumpRestoreRuns.measure(pg15, database, scratch, runs));
                new Sql(pg15.address("postgres")).execute("DROP DATABASE " + database);
            }
        }
    }

    private static long create(EmbeddedServer server, String database, int sizeMb) {
        new Sql(server.address("postgres")).execute("CREATE DATABASE " + database);
        long setup = System.nanoTime();
        long size = ShopDatabase.create(new Sql(server.address(database)), (long) sizeMb << 20);
        System.out.printf("setup on PostgreSQL %d: %s %d MiB (%d bytes) in %.1f s%n", server.major(), database,
                size >> 20, size, (System.nanoTime() - setup) / 1e9);
        return size;
    }

    private static void report(Path markdown, int runs, List<Integer> sizesMb, List<String> methods,
                               Map<Integer, Map<String, CopyMethodComparison.MethodTimings>> cloned,
                               Map<Integer, Long> actualMb, Map<Integer, Timings> restored) throws Exception {
        List<String> rows = new ArrayList<>();
        for (int sizeMb : sizesMb) {
            for (String method : methods) {
                CopyMethodComparison.MethodTimings t = cloned.get(sizeMb).get(method);
                Timings dump = restored.get(sizeMb);
                rows.add("| %s | %d | %d | %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %s |"
                        .formatted(LocalDate.now(), actualMb.get(sizeMb), runs, method, t.kind, t.clones.median(),
                                t.clones.min(), t.clones.max(), t.cloneDoor.median(), t.cloneDoorWatched.median(),
                                t.swaps.median(), t.swaps.min(), t.swaps.max(), t.restoreSteps.median(),
                                t.verifySteps.median(), t.swapDoor.median(),
                                dump == null ? "not run" : "%.0f".formatted(dump.median()),
                                dump == null ? "" : "%.1f".formatted(dump.median() / t.restoreSteps.median())));
            }
        }
        for (String row : rows) {
            BenchFiles.appendRow(markdown, HEADER, row);
        }
        System.out.print(HEADER);
        rows.forEach(System.out::println);
        if (sizesMb.size() >= 2) {
            int small = sizesMb.get(0);
            int large = sizesMb.get(sizesMb.size() - 1);
            for (String method : methods) {
                var s = cloned.get(small).get(method);
                var l = cloned.get(large).get(method);
                System.out.printf("file_copy_method = %s: %d MiB / %d MiB: clone %.2fx, its door %.2fx, branch_swap %.2fx,"
                                + " restore_backup %.2fx (goal <= 1.5x)%n", method, large, small,
                        l.clones.median() / s.clones.median(), l.cloneDoor.median() / s.cloneDoor.median(),
                        l.swaps.median() / s.swaps.median(), l.restoreSteps.median() / s.restoreSteps.median());
                Timings dump = restored.get(large);
                if (dump != null) {
                    System.out.printf("  pg_restore -j2 at %d MiB / branch_swap: %.1fx, / restore_backup: %.1fx (goal >= 20x)%n",
                            large, dump.median() / l.swaps.median(), dump.median() / l.restoreSteps.median());
                }
            }
        }
    }
}
