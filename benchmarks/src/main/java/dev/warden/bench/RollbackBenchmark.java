package dev.warden.bench;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;

/**
 * The "act" benchmarks. First, on PostgreSQL 17, how fast a critical breach becomes a rollback
 * under way: in-process through the decision engine and the rollback engine ({@link ActLatency}),
 * then through a running daemon ({@link DaemonActLatency}). Then, on PostgreSQL 15 (the machine's
 * pg_dump and pg_restore are 15), how long branch_swap takes to put back a ~1 GiB database from a
 * clone, against {@code pg_restore -j2} of a dump and a copy of the stopped server's files
 * ({@link SwapComparison}). Run with {@code bench/run rollback [RUNS] [SWAP_RUNS] [SIZE_MB]}; prints
 * the summaries and appends Markdown rows to {@code benchmarks/target/bench/rollback-act.md} and
 * {@code rollback-swap.md}. Every server directory, dump and copy is removed at the end.
 */
public final class RollbackBenchmark {
    private static final int ACT_WARMUPS = 3;
    private static final int DAEMON_WARMUPS = 1;
    private static final int PG_SWAP_MAJOR = 15;
    private static final String ACT_HEADER = """
            | date | runs | in-process: observed -> first step started, median ms | p90 ms | min ms | max ms \
            | observed -> planned, median ms | observed -> rollback finished, median ms | daemon runs \
            | daemon: breach -> first step started, median ms | p90 ms | max ms | daemon: DELETE -> breach, median ms \
            | daemon: DELETE -> first step started, median ms |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|---|
            """;
    private static final String SWAP_HEADER = """
            | date | size MiB | runs | branch_swap median ms | branch_swap min ms | branch_swap max ms | plan median ms \
            | pg_restore -j2 median ms | pg_restore -j2 min ms | pg_restore -j2 max ms | data dir MiB \
            | cp -a data dir median ms | cp -a database dir median ms | stop + copy + start median ms \
            | pg_restore -j2 / branch_swap | data dir copy / branch_swap | database dir copy / branch_swap |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
            """;

    private RollbackBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int swapRuns = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int sizeMb = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        Path work = BenchFiles.workDirectory();
        Path scratch = work.resolve("rollback");
        BenchFiles.deleteRecursively(scratch);
        Vertx vertx = Vertx.vertx();
        try {
            act(vertx, scratch, runs, work.resolve("rollback-act.md"));
            swap(vertx, scratch, swapRuns, sizeMb, work.resolve("rollback-swap.md"));
        } finally {
            vertx.close().await();
            BenchFiles.deleteRecursively(scratch);
        }
    }

    private static void act(Vertx vertx, Path scratch, int runs, Path markdown) throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(scratch.resolve("pg17"), EmbeddedServer.CLASSPATH_MAJOR)) {
            PgAddress postgres = server.address("postgres");
            new Sql(postgres).execute("CREATE DATABASE " + ActLatency.TARGET_DATABASE);
            ActLatency.Result inProcess;
            try (JournalDatabase state = JournalDatabase.create(vertx, postgres, "warden_state", Clock.systemUTC())) {
                inProcess = ActLatency.measure(vertx, postgres, state, ACT_WARMUPS, runs);
            }
            System.out.println("in-process, observed -> first step started:  " + inProcess.toFirstStep().summary());
            System.out.println("  observed -> planned (decision, request, plan, journaled): " + inProcess.toPlanned().summary());
            System.out.println("  planned -> running (fence, journal begin):  " + inProcess.plannedToRunning().summary());
            System.out.println("  running -> first step started (fence check, done()): " + inProcess.runningToFirstStep().summary());
            System.out.println("  observed -> rollback finished:             " + inProcess.toFinished().summary());
            DaemonActLatency.Result daemon = DaemonActLatency.measure(server.address(ActLatency.TARGET_DATABASE),
                    server.address("warden_daemon"), scratch.resolve("warden-home"), DAEMON_WARMUPS, runs);
            System.out.println("daemon, breach -> first step started:        " + daemon.breachToFirstStep().summary());
            System.out.println("  DELETE -> breach (check schedule 1 s):     " + daemon.deleteToBreach().summary());
            System.out.println("  DELETE -> first step started:              " + daemon.deleteToFirstStep().summary());
            System.out.println("  breach -> rollback finished:               " + daemon.breachToFinished().summary());
            String row = "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %.1f | %.1f | %.1f | %.0f | %.0f |"
                    .formatted(LocalDate.now(), runs, inProcess.toFirstStep().median(),
                            inProcess.toFirstStep().percentile(90), inProcess.toFirstStep().min(),
                            inProcess.toFirstStep().max(), inProcess.toPlanned().median(), inProcess.toFinished().median(),
                            daemon.breachToFirstStep().count(), daemon.breachToFirstStep().median(),
                            daemon.breachToFirstStep().percentile(90), daemon.breachToFirstStep().max(),
                            daemon.deleteToBreach().median(), daemon.deleteToFirstStep().median());
            BenchFiles.appendRow(markdown, ACT_HEADER, row);
            System.out.println(row);
        }
    }

    private static void swap(Vertx vertx, Path scratch, int runs, int sizeMb, Path markdown) throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(scratch.resolve("pg15"), PG_SWAP_MAJOR)) {
            new Sql(server.address("postgres")).execute("CREATE DATABASE " + SwapComparison.SOURCE);
            long setup = System.nanoTime();
            long size = ShopDatabase.create(new Sql(server.address(SwapComparison.SOURCE)), (long) sizeMb << 20);
            System.out.printf("setup: %d MiB (pg_database_size, %d bytes) in %.1f s%n", size >> 20, size,
                    (System.nanoTime() - setup) / 1e9);
            SwapComparison comparison = SwapComparison.prepare(vertx, server, scratch);
            try {
                comparison.compare(runs);
            } finally {
                comparison.close();
            }
            SwapTimings t = comparison.timings;
            t.print(SwapComparison.JOBS);
            String row = ("| %s | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %d | %.0f | %.0f | %.0f"
                    + " | %.1f | %.1f | %.1f |").formatted(LocalDate.now(), size >> 20, runs, t.swaps.median(),
                    t.swaps.min(), t.swaps.max(), t.plans.median(), t.restores.median(), t.restores.min(),
                    t.restores.max(), t.dataBytes >> 20, t.dataCopies.median(), t.databaseCopies.median(),
                    t.coldCopies.median(), t.restoreRatio(), t.dataCopyRatio(), t.databaseCopyRatio());
            BenchFiles.appendRow(markdown, SWAP_HEADER, row);
            System.out.println(row);
        }
    }
}
