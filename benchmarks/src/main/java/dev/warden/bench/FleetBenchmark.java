package dev.warden.bench;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 14's fleet: N small databases on one PostgreSQL 15 server, watched by one Warden daemon process
 * (java -jar warden.jar run --config) with every check at 15 s, first the baseline's jar, then this
 * checkout's, one after the other on the same server, each side connecting as its own role. Per side:
 * Warden's server-side time (pg_stat_statements summed by role, reset when the measured window opens),
 * its calls and top statements, the process's CPU (utime + stime from /proc over the window, after a
 * warm-up) and resident memory (VmRSS), the connections it holds (pg_stat_activity by role), and the
 * time from exec to /health/ready; then the new/baseline ratios. Run with
 * {@code bench/run fleet [TARGETS] [MINUTES] [--every-check] [--new-only]} (the catalog validations at 15 s too, else
 * at their default intervals; this checkout's side alone, for profiling); the script builds both jars and passes them as
 * {@code -Dwarden.bench.baseline.jar} and {@code -Dwarden.bench.new.jar}. Appends Markdown rows to
 * {@code benchmarks/target/bench/fleet.md}.
 */
public final class FleetBenchmark {
    private static final int PG_MAJOR = 15;
    private static final Duration INTERVAL = Duration.ofSeconds(15);
    private static final Duration WARMUP = Duration.ofSeconds(60);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    private static final String HEADER = """
            | date | side | targets | minutes | server ms/cycle | server ms/min | calls/min | CPU % of a core | RSS start MiB | RSS end MiB | connections (max) | ready s | load avg |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|
            """;

    /** One Warden: the jar, its label, the role it connects as, its state database. */
    record Side(String label, Path jar, String role, String stateDatabase) {
    }

    record Result(Side side, double serverMillis, long calls, double minutes, double cpuSeconds, double rssStart,
                  double rssEnd, int maxConnections, int lastConnections, Duration ready, String loadStart,
                  String loadEnd, List<StatStatements.Statement> top, long logWarnings) {
        double cycles() {
            return minutes * 60 / INTERVAL.toSeconds();
        }

        double serverMillisPerCycle() {
            return serverMillis / cycles();
        }

        double serverMillisPerMinute() {
            return serverMillis / minutes;
        }

        double cpuPercent() {
            return 100 * cpuSeconds / (minutes * 60);
        }
    }

    public static void main(String[] args) throws Exception {
        int targets = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        double minutes = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        List<String> flags = List.of(args).subList(Math.min(2, args.length), args.length);
        boolean everyCheck = flags.contains("--every-check");
        // For profiling: this checkout's daemon alone (its pid is printed; attach jcmd or read /proc meanwhile).
        boolean newOnly = flags.contains("--new-only");
        Path baselineJar = Path.of(System.getProperty("warden.bench.baseline.jar"));
        Path newJar = Path.of(System.getProperty("warden.bench.new.jar"));
        String baselineLabel = System.getProperty("warden.bench.baseline.label", "baseline");
        String newLabel = System.getProperty("warden.bench.new.label", "new");
        Path work = BenchFiles.workDirectory();
        Path scratch = work.resolve("fleet");
        BenchFiles.deleteRecursively(scratch);
        Files.createDirectories(scratch);
        Side baseline = new Side(baselineLabel, baselineJar, "warden_base", "state_base");
        Side candidate = new Side(newLabel, newJar, "warden_new", "state_new");
        List<Side> sides = newOnly ? List.of(candidate) : List.of(baseline, candidate);
        try (EmbeddedServer server = EmbeddedServer.start(scratch.resolve("pg15"), PG_MAJOR, Map.of(
                "max_connections", String.valueOf(3 * targets + 100),
                "shared_preload_libraries", "pg_stat_statements",
                "pg_stat_statements.track_planning", "on"))) {
            long setup = System.nanoTime();
            Fleet.create(server, targets, sides.stream().map(Side::role).toList(),
                    sides.stream().map(Side::stateDatabase).toList());
            System.out.printf("setup: PostgreSQL 15 with pg_stat_statements, %d databases in %.1f s%n", targets,
                    (System.nanoTime() - setup) / 1e9);
            StatStatements statements = new StatStatements(new Sql(server.address("postgres")));
            List<Result> results = new ArrayList<>();
            for (Side side : sides) {
                results.add(measure(server, side, targets, minutes, everyCheck, statements, scratch));
                report(results.get(results.size() - 1), targets);
            }
            if (results.size() == 2) {
                compare(results.get(0), results.get(1));
            }
            for (Result result : results) {
                BenchFiles.appendRow(work.resolve("fleet.md"), HEADER, row(result, targets, everyCheck));
            }
        } finally {
            BenchFiles.deleteRecursively(scratch);
        }
    }

    private static Result measure(EmbeddedServer server, Side side, int targets, double minutes, boolean everyCheck,
                                  StatStatements statements, Path scratch) throws Exception {
        int port = FreePort.find();
        Path config = scratch.resolve(side.role() + ".yaml");
        Files.writeString(config, Fleet.config(server, side.role(), side.stateDatabase(), targets, port,
                scratch.resolve(side.role() + "-home"), INTERVAL, everyCheck));
        Path log = scratch.resolve(side.role() + ".log");
        Sql admin = new Sql(server.address("postgres"));
        System.out.printf("%n== %s: %s, %d targets as role %s%n", side.label(), side.jar(), targets, side.role());
        long started = System.nanoTime();
        try (WardenProcess warden = WardenProcess.start(side.jar(), config, port, log)) {
            Duration ready = warden.awaitReady(started, Duration.ofMinutes(3));
            System.out.printf("ready in %.2f s (pid %d); warming up for %d s%n", ready.toNanos() / 1e9, warden.pid(),
                    WARMUP.toSeconds());
            Thread.sleep(WARMUP.toMillis());
            String loadStart = loadAverage();
            statements.reset();
            double cpuStart = warden.cpuSeconds();
            double rssStart = warden.rssMiB();
            long windowStart = System.nanoTime();
            long windowEnd = windowStart + (long) (minutes * 60e9);
            int maxConnections = 0;
            int lastConnections = 0;
            while (System.nanoTime() < windowEnd) {
                Thread.sleep(Math.min(SAMPLE_EVERY.toMillis(), Math.max(1, (windowEnd - System.nanoTime()) / 1_000_000)));
                lastConnections = (int) admin.queryLong("SELECT count(*) FROM pg_stat_activity WHERE usename = '"
                        + side.role() + "'");
                maxConnections = Math.max(maxConnections, lastConnections);
            }
            double cpuEnd = warden.cpuSeconds();
            double rssEnd = warden.rssMiB();
            double measured = (System.nanoTime() - windowStart) / 60e9;
            StatStatements.RoleTime time = statements.byRole(List.of(side.role())).get(side.role());
            List<StatStatements.Statement> top = statements.top(side.role(), 8, 160);
            long warnings = Files.readAllLines(log).stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                    .count();
            return new Result(side, time.execMillis() + time.planMillis(), time.calls(), measured, cpuEnd - cpuStart,
                    rssStart, rssEnd, maxConnections, lastConnections, ready, loadStart, loadAverage(), top, warnings);
        }
    }

    private static void report(Result r, int targets) {
        System.out.printf("%s over %.1f min (%.0f cycles of %d targets):%n", r.side().label(), r.minutes(), r.cycles(),
                targets);
        System.out.printf("  server time (exec + plan, role %s): %.1f ms per cycle, %.1f ms per minute, %.0f calls per minute%n",
                r.side().role(), r.serverMillisPerCycle(), r.serverMillisPerMinute(), r.calls() / r.minutes());
        System.out.printf("  process CPU: %.2f%% of a core (%.1f s over the window)%n", r.cpuPercent(), r.cpuSeconds());
        System.out.printf("  RSS: %.0f MiB at the window's start, %.0f MiB at its end%n", r.rssStart(), r.rssEnd());
        System.out.printf("  connections held (pg_stat_activity, role %s): max %d, last %d%n", r.side().role(),
                r.maxConnections(), r.lastConnections());
        System.out.printf("  ready in %.2f s; WARN/ERROR log lines: %d; load average %s -> %s%n",
                r.ready().toNanos() / 1e9, r.logWarnings(), r.loadStart(), r.loadEnd());
        System.out.println("  top statements:");
        r.top().forEach(s -> System.out.println("    " + s));
    }

    private static void compare(Result baseline, Result candidate) {
        System.out.printf("%nnew/baseline: server time %.3fx (target <= 0.2x), process CPU %.2fx; new CPU %.2f%% of a core "
                        + "(target <= 2%%); connections %d vs %d%n",
                candidate.serverMillis() / candidate.minutes() / (baseline.serverMillis() / baseline.minutes()),
                candidate.cpuPercent() / baseline.cpuPercent(), candidate.cpuPercent(), candidate.maxConnections(),
                baseline.maxConnections());
    }

    private static String row(Result r, int targets, boolean everyCheck) {
        return "| %s | %s | %d%s | %.1f | %.1f | %.0f | %.0f | %.2f | %.0f | %.0f | %d | %.2f | %s |".formatted(
                java.time.LocalDate.now(), r.side().label(), targets, everyCheck ? " (every check 15 s)" : "", r.minutes(), r.serverMillisPerCycle(),
                r.serverMillisPerMinute(), r.calls() / r.minutes(), r.cpuPercent(), r.rssStart(), r.rssEnd(),
                r.maxConnections(), r.ready().toNanos() / 1e9, r.loadEnd());
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private FleetBenchmark() {
    }
}
