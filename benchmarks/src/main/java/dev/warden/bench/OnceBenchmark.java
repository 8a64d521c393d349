package dev.warden.bench;

import dev.warden.config.ConfigLoader;
import dev.warden.config.TargetConfig;
import dev.warden.config.WardenConfig;
import dev.warden.daemon.Version;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.snapshot.SnapshotMetrics;
import dev.warden.daemon.snapshot.SnapshotReason;
import dev.warden.daemon.snapshot.SnapshotService;
import dev.warden.daemon.snapshot.SnapshotStore;
import dev.warden.daemon.snapshot.SnapshotTaint;
import dev.warden.daemon.state.StateStore;
import dev.warden.postgres.Connections;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code warden check --once} at 10,000 tables against a psql replay of its own statements (issue 14):
 * a real process ({@code java -jar warden.jar check --once --config F}, under {@code /usr/bin/time}
 * for wall time, CPU and peak RSS) whose statements the server logs (csvlog, {@code log_statement =
 * all} for Warden's role only); those statements, parameters filled in, are then replayed by one psql
 * process, timed the same way. The catalog of {@link WatchedDatabase} on PostgreSQL 15, a snapshot
 * taken first so that schema_drift has its expected schema; one warm-up run per jar (it stores the
 * schema fingerprint), then {@code runs} measured ones with the catalog unchanged. Each jar given is
 * measured in turn, run by run: this checkout's through {@code ./warden} and a baseline's
 * ({@code warden.bench.baseline}, default a69aaf1's as {@code bench/startup} builds it, when it exists).
 * Run with {@code bench/run once [runs] [tables]}; appends Markdown rows to {@code once.md}.
 */
public final class OnceBenchmark {
    private static final int PG_MAJOR = 15;
    private static final String ROLE = WatchedDatabase.WARDEN_ROLE;
    private static final String STATE = "once_state";

    private OnceBenchmark() {
    }

    /** One jar to measure: its name in the results and the java command line before {@code check}. */
    private record Subject(String name, List<String> java) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        int tables = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path work = BenchFiles.workDirectory().resolve("once");
        BenchFiles.deleteRecursively(work);
        Files.createDirectories(work);
        List<Subject> subjects = subjects();

        try (EmbeddedServer server = EmbeddedServer.start(work.resolve("pg15"), PG_MAJOR)) {
            Path logs = work.resolve("log");
            Files.createDirectories(logs);
            Sql postgres = new Sql(server.address("postgres"));
            postgres.execute("ALTER SYSTEM SET logging_collector = on");
            postgres.execute("ALTER SYSTEM SET log_destination = 'csvlog'");
            postgres.execute("ALTER SYSTEM SET log_directory = '" + logs + "'");
            postgres.execute("ALTER SYSTEM SET log_filename = 'server.log'");
            postgres.execute("ALTER SYSTEM SET log_rotation_size = 0");
            long setup = System.nanoTime();
            PgAddress bench = WatchedDatabase.create(server, tables, List.of(ROLE)); // restarts: the settings hold
            postgres.execute("CREATE DATABASE " + STATE + " OWNER " + ROLE);
            postgres.execute("ALTER ROLE " + ROLE + " SET log_statement = 'all'");
            System.out.printf("setup: PostgreSQL 15, %d tables + 3 critical tables in %.1f s%n", tables,
                    (System.nanoTime() - setup) / 1e9);

            PgAddress target = as(bench, ROLE);
            Path config = work.resolve("warden.yaml");
            Files.writeString(config, "state: {url: \"" + as(server.address(STATE), ROLE).uri() + "\"}\ntargets:\n"
                    + WatchedDatabase.targetYaml(target).indent(2));
            snapshot(config);
            StatementLog log = new StatementLog(logs.resolve("server.csv"), ROLE);

            Map<String, Timings[]> results = new java.util.LinkedHashMap<>();
            subjects.forEach(s -> results.put(s.name(), new Timings[] {new Timings(), new Timings(), new Timings(),
                new Timings(), new Timings()}));
            for (int run = 0; run <= runs; run++) {
                for (Subject subject : subjects) {
                    long from = log.size();
                    Timed check = Timed.run(work.resolve("check.out"), command(subject, config));
                    if (check.exit() != 0 && check.exit() != 1 && check.exit() != 3) {
                        throw new IllegalStateException(subject.name() + ": check --once exited " + check.exit()
                                + "; see " + work.resolve("check.out"));
                    }
                    List<StatementLog.Statement> statements = log.since(from);
                    Path script = work.resolve("replay-" + subject.name() + ".sql");
                    Files.writeString(script, StatementLog.psqlScript(statements, bench.database()));
                    Timed replay = Timed.run(work.resolve("replay.out"), List.of("psql", "-X", "-q", "-o", "/dev/null",
                            "-f", script.toString(), target.uri()));
                    if (replay.exit() != 0) {
                        throw new IllegalStateException("psql replay exited " + replay.exit() + "; see " + work.resolve("replay.out"));
                    }
                    String label = run == 0 ? "warm-up" : "run " + run;
                    System.out.printf("%-8s %-9s check --once %6.0f ms (cpu %5.0f ms, rss %4d MiB, exit %d, %d statements)"
                                    + " | psql replay %5.0f ms (cpu %4.0f ms) | %.2fx%n", label, subject.name(),
                            check.wallMillis(), check.cpuMillis(), check.peakKib() / 1024, check.exit(), statements.size(),
                            replay.wallMillis(), replay.cpuMillis(), check.wallMillis() / replay.wallMillis());
                    if (run > 0) {
                        Timings[] t = results.get(subject.name());
                        t[0].add(nanos(check.wallMillis()));
                        t[1].add(nanos(check.cpuMillis()));
                        t[2].add(nanos(replay.wallMillis()));
                        t[3].add(nanos(replay.cpuMillis()));
                        t[4].add(check.peakKib() * 1_000_000L); // KiB, kept as "milliseconds" for the median
                    }
                }
            }
            System.out.println("statements of the last run per jar: " + work + "/replay-*.sql");
            for (Subject subject : subjects) {
                Timings[] t = results.get(subject.name());
                String row = "| %s | %s | %d | %d | %.0f | %.0f | %.0f | %.0f | %.2fx | %.1fx | %.0f |".formatted(
                        LocalDate.now(), subject.name(), tables, runs, t[0].median(), t[1].median(), t[2].median(),
                        t[3].median(), t[0].median() / t[2].median(), t[1].median() / t[3].median(), t[4].median() / 1024);
                System.out.println(row);
                BenchFiles.appendRow(BenchFiles.workDirectory().resolve("once.md"), """
                        | date | jar | tables | runs | check --once ms | check cpu ms | psql replay ms | replay cpu ms \
                        | check/replay | cpu check/replay | check peak RSS MiB |
                        |---|---|---|---|---|---|---|---|---|---|---|
                        """, row);
            }
        }
    }

    /**
     * The baseline's jar as its launcher ran it ({@code java -jar}), when built, and this checkout's as
     * users run it: through {@code ./warden}, with the launcher's JVM flags (class-data sharing; C1 and
     * the serial collector for one-shot commands). The launcher's check that the jar is current is
     * included in this checkout's times.
     */
    private static List<Subject> subjects() {
        List<Subject> subjects = new ArrayList<>();
        Path baseline = Path.of(System.getProperty("warden.bench.baseline", "benchmarks/target/baseline/a69aaf1/warden.jar"));
        if (Files.exists(baseline)) {
            subjects.add(new Subject("baseline", List.of("java", "-jar", baseline.toAbsolutePath().toString())));
        }
        subjects.add(new Subject("this", List.of(Path.of(System.getProperty("warden.bench.launcher", "warden"))
                .toAbsolutePath().toString())));
        return subjects;
    }

    private static List<String> command(Subject subject, Path config) {
        List<String> command = new ArrayList<>(subject.java());
        command.addAll(List.of("check", "--once", "--config", config.toString()));
        return command;
    }

    /** A snapshot of the target, in this process, so that schema_drift has an expected schema to compare. */
    private static void snapshot(Path config) {
        WardenConfig warden = ConfigLoader.load(config, Map.of());
        TargetConfig target = warden.targets().get(0);
        Vertx vertx = Vertx.vertx();
        try {
            StateStore state = StateStore.open(vertx, warden.stateConnection(), false);
            state.ready().await();
            Pool pool = Connections.pool(vertx, target.name(), target.connection(), target.session());
            SnapshotService service = new SnapshotService(vertx, target, pool, new SnapshotStore(state),
                    new SnapshotMetrics(new WardenMetrics(Version.current()), Clock.systemUTC()), Clock.systemUTC(),
                    SnapshotTaint.NONE);
            long start = System.nanoTime();
            service.take(SnapshotReason.MANUAL).await();
            System.out.printf("snapshot of the target taken in %.1f s%n", (System.nanoTime() - start) / 1e9);
            pool.close().await();
            state.close().await();
        } finally {
            vertx.close().await();
        }
    }

    private static long nanos(double millis) {
        return Math.round(millis * 1_000_000);
    }

    private static PgAddress as(PgAddress address, String role) {
        return new PgAddress(address.host(), address.port(), role, "", address.database());
    }
}
