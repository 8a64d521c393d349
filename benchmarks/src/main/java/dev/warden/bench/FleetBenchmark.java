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
 * started as users start it ({@code ./warden run --config FILE}: the launcher's JVM flags, from a copy of the
 * checkout's launcher and jar) with every check at 15 s, first the baseline's, then this checkout's, one
 * after the other on the same server, each side connecting as its own role. Per side: Warden's server-side
 * time (pg_stat_statements summed by role, reset when the measured window opens), its calls and top
 * statements, the process's CPU (utime + stime from /proc over the window, after a warm-up) and where it
 * went by kind of thread (JIT compilers, event loops, GC, Quartz, other), resident memory (VmRSS), the
 * connections it holds (pg_stat_activity by role), and the time from exec to /health/ready; then the
 * new/baseline ratios. Run with
 * {@code bench/run fleet [TARGETS] [MINUTES] [--every-check] [--new-only] [--warmup SECONDS]} (the catalog
 * validations at 15 s too, else at their default intervals; this checkout's side alone, for profiling; the
 * warm-up before each window, 60 s by default); the script copies both launchers and passes them as
 * {@code -Dwarden.bench.baseline.launcher} and {@code -Dwarden.bench.new.launcher}. Appends Markdown rows
 * to {@code benchmarks/target/bench/fleet.md}.
 */
public final class FleetBenchmark {
    private static final int PG_MAJOR = 15;
    private static final Duration INTERVAL = Duration.ofSeconds(15);
    private static final Duration DEFAULT_WARMUP = Duration.ofSeconds(60);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    private static final double MIB = 1024.0 * 1024;
    private static final String HEADER = """
            | date | side | targets | warm-up s | minutes | server ms/cycle | server ms/min | calls/min | CPU % of a core | of which JIT % | RSS start MiB | RSS end MiB | connections (max) | ready s | load avg |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
            """;

    /** One Warden: its label, the launcher that starts it, the role it connects as, its state database. */
    record Side(String label, Path launcher, String role, String stateDatabase) {
    }

    record Result(Side side, double serverMillis, long calls, double minutes, double cpuSeconds, double rssStart,
                  double rssEnd, int maxConnections, int lastConnections, Duration ready, String loadStart,
                  String loadEnd, List<StatStatements.Statement> top, long logWarnings, Map<String, Double> cpuByKind,
                  Duration warmup, List<String> commonWarnings) {
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

        double cpuPercent(String kind) {
            return 100 * cpuByKind.getOrDefault(kind, 0.0) / (minutes * 60);
        }
    }

    public static void main(String[] args) throws Exception {
        int targets = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        double minutes = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        List<String> flags = List.of(args).subList(Math.min(2, args.length), args.length);
        boolean everyCheck = flags.contains("--every-check");
        // For profiling: this checkout's daemon alone (its pid is printed; attach jcmd or read /proc meanwhile).
        boolean newOnly = flags.contains("--new-only");
        int warmupAt = flags.indexOf("--warmup");
        Duration warmup = warmupAt >= 0 ? Duration.ofSeconds(Long.parseLong(flags.get(warmupAt + 1))) : DEFAULT_WARMUP;
        Path baselineLauncher = Path.of(System.getProperty("warden.bench.baseline.launcher"));
        Path newLauncher = Path.of(System.getProperty("warden.bench.new.launcher"));
        String baselineLabel = System.getProperty("warden.bench.baseline.label", "baseline");
        String newLabel = System.getProperty("warden.bench.new.label", "new");
        Path work = BenchFiles.workDirectory();
        Path scratch = work.resolve("fleet");
        BenchFiles.deleteRecursively(scratch);
        Files.createDirectories(scratch);
        Side baseline = new Side(baselineLabel, baselineLauncher, "warden_base", "state_base");
        Side candidate = new Side(newLabel, newLauncher, "warden_new", "state_new");
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
                results.add(measure(server, side, targets, minutes, warmup, everyCheck, statements, scratch));
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

    private static Result measure(EmbeddedServer server, Side side, int targets, double minutes, Duration warmup,
                                  boolean everyCheck, StatStatements statements, Path scratch) throws Exception {
        int port = FreePort.find();
        Path config = scratch.resolve(side.role() + ".yaml");
        Files.writeString(config, Fleet.config(server, side.role(), side.stateDatabase(), targets, port,
                scratch.resolve(side.role() + "-home"), INTERVAL, everyCheck));
        Path log = scratch.resolve(side.role() + ".log");
        Sql admin = new Sql(server.address("postgres"));
        System.out.printf("%n== %s: %s run, %d targets as role %s%n", side.label(), side.launcher(), targets, side.role());
        long started = System.nanoTime();
        try (LaunchedWarden warden = LaunchedWarden.launch(side.label(), side.launcher(), config, port, log)) {
            Duration ready = warden.awaitReady(started, Duration.ofMinutes(3));
            System.out.printf("ready in %.2f s (pid %d); warming up for %d s%n", ready.toNanos() / 1e9, warden.pid(),
                    warmup.toSeconds());
            Thread.sleep(warmup.toMillis());
            String loadStart = loadAverage();
            statements.reset();
            Map<Long, ThreadCpu.Sample> threadsStart = ThreadCpu.read(warden.pid());
            double cpuStart = warden.cpuSeconds();
            double rssStart = warden.rssBytes() / MIB;
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
            Map<String, Double> cpuByKind = ThreadCpu.between(threadsStart, ThreadCpu.read(warden.pid()));
            double rssEnd = warden.rssBytes() / MIB;
            double measured = (System.nanoTime() - windowStart) / 60e9;
            StatStatements.RoleTime time = statements.byRole(List.of(side.role())).get(side.role());
            List<StatStatements.Statement> top = statements.top(side.role(), 8, 160);
            List<String> warningLines = Files.readAllLines(log).stream()
                    .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
            long warnings = warningLines.size();
            return new Result(side, time.execMillis() + time.planMillis(), time.calls(), measured, cpuEnd - cpuStart,
                    rssStart, rssEnd, maxConnections, lastConnections, ready, loadStart, loadAverage(), top, warnings,
                    cpuByKind, warmup, commonest(warningLines, 5));
        }
    }

    private static void report(Result r, int targets) {
        System.out.printf("%s over %.1f min (%.0f cycles of %d targets):%n", r.side().label(), r.minutes(), r.cycles(),
                targets);
        System.out.printf("  server time (exec + plan, role %s): %.1f ms per cycle, %.1f ms per minute, %.0f calls per minute%n",
                r.side().role(), r.serverMillisPerCycle(), r.serverMillisPerMinute(), r.calls() / r.minutes());
        System.out.printf("  process CPU: %.2f%% of a core (%.1f s over the window, after a %d s warm-up)%n", r.cpuPercent(),
                r.cpuSeconds(), r.warmup().toSeconds());
        r.cpuByKind().forEach((kind, seconds) -> System.out.printf("    %-18s %.2f%% of a core%n", kind, r.cpuPercent(kind)));
        System.out.printf("  RSS: %.0f MiB at the window's start, %.0f MiB at its end%n", r.rssStart(), r.rssEnd());
        System.out.printf("  connections held (pg_stat_activity, role %s): max %d, last %d%n", r.side().role(),
                r.maxConnections(), r.lastConnections());
        System.out.printf("  ready in %.2f s; WARN/ERROR log lines: %d; load average %s -> %s%n",
                r.ready().toNanos() / 1e9, r.logWarnings(), r.loadStart(), r.loadEnd());
        r.commonWarnings().forEach(kind -> System.out.println("    " + kind));
        System.out.println("  top statements:");
        r.top().forEach(s -> System.out.println("    " + s));
    }

    private static void compare(Result baseline, Result candidate) {
        System.out.printf("%nnew/baseline: server time %.3fx (target <= 0.2x), process CPU %.2fx; new CPU %.2f%% of a core "
                        + "(target <= 2%%); connections %d vs %d%n",
                candidate.serverMillis() / candidate.minutes() / (baseline.serverMillis() / baseline.minutes()),
                candidate.cpuPercent() / baseline.cpuPercent(), candidate.cpuPercent(), candidate.maxConnections(),
                baseline.maxConnections());
        System.out.printf("without the JIT compilers' threads: new %.2f%%, baseline %.2f%% of a core (%.2fx)%n",
                candidate.cpuPercent() - candidate.cpuPercent(ThreadCpu.JIT),
                baseline.cpuPercent() - baseline.cpuPercent(ThreadCpu.JIT),
                (candidate.cpuPercent() - candidate.cpuPercent(ThreadCpu.JIT))
                        / (baseline.cpuPercent() - baseline.cpuPercent(ThreadCpu.JIT)));
    }

    private static String row(Result r, int targets, boolean everyCheck) {
        return "| %s | %s | %d%s | %d | %.1f | %.1f | %.0f | %.0f | %.2f | %.2f | %.0f | %.0f | %d | %.2f | %s |".formatted(
                java.time.LocalDate.now(), r.side().label(), targets, everyCheck ? " (every check 15 s)" : "",
                r.warmup().toSeconds(), r.minutes(), r.serverMillisPerCycle(), r.serverMillisPerMinute(),
                r.calls() / r.minutes(), r.cpuPercent(), r.cpuPercent(ThreadCpu.JIT), r.rssStart(), r.rssEnd(),
                r.maxConnections(), r.ready().toNanos() / 1e9, r.loadEnd());
    }

    /**
     * The {@code limit} commonest kinds of log line, counted: each line from its level on, with fleet
     * database names and numbers made alike and cut to 100 characters.
     */
    static List<String> commonest(List<String> lines, int limit) {
        Map<String, Long> kinds = new java.util.HashMap<>();
        for (String line : lines) {
            int level = Math.max(line.indexOf(" WARN "), line.indexOf(" ERROR "));
            String kind = line.substring(level + 1).replaceAll("fleet_\\d+", "fleet_N").replaceAll("\\d+", "#");
            kinds.merge(kind.length() > 100 ? kind.substring(0, 100) + "..." : kind, 1L, Long::sum);
        }
        return kinds.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .map(e -> "%5d x %s".formatted(e.getValue(), e.getKey())).toList();
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
