package dev.warden.bench;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 14's memory: Warden daemons started as users start them ({@code ./warden run --config FILE},
 * the launcher's JVM flags included), side by side on one server, one per subject (a checkout's launcher:
 * this one, and the baseline's), each with its own state database. Scenario {@code tables}: one
 * {@value #DEFAULT_TABLES}-table database watched with the default checks for MINUTES. Scenario
 * {@code soak}: two small targets whose checks run every 10 s. Every {@value #SAMPLE_SECONDS} s, each
 * daemon's VmRSS and heap (used, committed); at the end its live heap by class; then the series, RSS at 10 minutes and growth
 * after the first 10 minutes, a row per subject in {@code memory.md}.
 *
 * <p>Usage: {@code MemoryBenchmark MINUTES TABLES [--soak MINUTES] --subject NAME=LAUNCHER ...};
 * MINUTES 0 skips the tables scenario.
 */
final class MemoryBenchmark {
    static final int DEFAULT_TABLES = 10_000;
    static final int SAMPLE_SECONDS = 30;
    private static final int PG_MAJOR = 15;
    private static final int SETTLE_MINUTES = 10;
    private static final String SMALL_CHECKS = "{row_count_drift: {schedule: 10s}, lock_waits: {schedule: 10s},"
            + " migration_duration: {schedule: 10s}, schema_drift: {schedule: 10s}, invalid_indexes: {schedule: 10s},"
            + " not_valid_constraints: {schedule: 10s}, lagging_sequences: {schedule: 10s}, corruption: {enabled: false}}";

    private MemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        Map<String, Path> subjects = new LinkedHashMap<>();
        int soakMinutes = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--soak" -> soakMinutes = Integer.parseInt(args[++i]);
                case "--subject" -> {
                    String[] named = args[++i].split("=", 2);
                    subjects.put(named[0], Path.of(named[1]).toAbsolutePath());
                }
                default -> positional.add(args[i]);
            }
        }
        int minutes = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : SETTLE_MINUTES;
        int tables = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : DEFAULT_TABLES;
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("no --subject NAME=LAUNCHER given (bench/run memory passes them)");
        }
        Path work = BenchFiles.workDirectory();
        if (minutes > 0) {
            tables(work, subjects, minutes, tables);
        }
        if (soakMinutes > 0) {
            soak(work, subjects, soakMinutes);
        }
    }

    private static void tables(Path work, Map<String, Path> subjects, int minutes, int tables) throws Exception {
        Path scratch = work.resolve("memory-tables");
        BenchFiles.deleteRecursively(scratch);
        try (EmbeddedServer server = EmbeddedServer.start(scratch.resolve("pg15"), PG_MAJOR)) {
            long setup = System.nanoTime();
            new Sql(server.address("postgres")).execute("CREATE DATABASE bench");
            PgAddress bench = server.address("bench");
            ManyTables.create(new Sql(bench), tables);
            System.out.printf("setup: PostgreSQL 15, %d tables in %.1f s%n", tables, (System.nanoTime() - setup) / 1e9);
            String targets = """
                      - name: big
                        url: "%s"
                        snapshots: {schedule: "off"}
                    """.formatted(bench.uri());
            watch("tables", tables + " tables", server, scratch, subjects, targets, List.of("big"), minutes, work);
        } finally {
            BenchFiles.deleteRecursively(scratch);
        }
    }

    private static void soak(Path work, Map<String, Path> subjects, int minutes) throws Exception {
        Path scratch = work.resolve("memory-soak");
        BenchFiles.deleteRecursively(scratch);
        try (EmbeddedServer server = EmbeddedServer.start(scratch.resolve("pg15"), PG_MAJOR)) {
            StringBuilder targets = new StringBuilder();
            for (String name : List.of("small_a", "small_b")) {
                new Sql(server.address("postgres")).execute("CREATE DATABASE " + name);
                PgAddress address = server.address(name);
                new Sql(address).execute("""
                        CREATE SCHEMA app;
                        CREATE TABLE app.orders (id bigint PRIMARY KEY, note text NOT NULL, at timestamptz DEFAULT now());
                        CREATE INDEX ON app.orders (at);
                        INSERT INTO app.orders (id, note) SELECT g, 'order ' || g FROM generate_series(1, 1000) g;
                        ANALYZE""");
                targets.append("""
                          - name: %s
                            url: "%s"
                            critical_tables: [app.orders]
                            snapshots: {schedule: "off"}
                            checks: %s
                        """.formatted(name, address.uri(), SMALL_CHECKS));
            }
            watch("soak", "2 small targets, checks every 10 s", server, scratch, subjects, targets.toString(),
                    List.of("small_a", "small_b"), minutes, work);
        } finally {
            BenchFiles.deleteRecursively(scratch);
        }
    }

    /** Starts one daemon per subject on the same targets, samples them for {@code minutes}, reports. */
    private static void watch(String scenario, String what, EmbeddedServer server, Path scratch, Map<String, Path> subjects,
                              String targets, List<String> targetNames, int minutes, Path work) throws Exception {
        Map<String, MemorySeries> series = new LinkedHashMap<>();
        List<LaunchedWarden> running = new ArrayList<>();
        // A benchmark ended by a signal must not leave its daemons behind.
        Thread stopDaemons = new Thread(() -> running.forEach(warden -> {
            try {
                warden.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        Runtime.getRuntime().addShutdownHook(stopDaemons);
        try {
            for (Map.Entry<String, Path> subject : subjects.entrySet()) {
                String name = subject.getKey();
                new Sql(server.address("postgres")).execute("CREATE DATABASE warden_state_" + name);
                Path home = Files.createDirectories(scratch.resolve("home-" + name));
                int port = FreePort.find();
                Path config = home.resolve("warden.yaml");
                Files.writeString(config, """
                        server: {host: 127.0.0.1, port: %d, data_dir: "%s"}
                        state: {url: "%s"}
                        targets:
                        %s""".formatted(port, home, server.address("warden_state_" + name).uri(), targets));
                Path log = work.resolve("memory-" + scenario + "-" + name + ".log");
                LaunchedWarden warden = LaunchedWarden.start(name, subject.getValue(), config, port, log);
                running.add(warden);
                for (String target : targetNames) {
                    warden.snapshot(target);
                }
                series.put(name, new MemorySeries());
                System.out.printf("%s: %s started, pid %d, launcher %s, log %s%n", scenario, name, warden.pid(),
                        subject.getValue(), log);
            }
            long start = System.nanoTime();
            long end = start + Duration.ofMinutes(minutes).toNanos();
            for (long next = start; next <= end; next += Duration.ofSeconds(SAMPLE_SECONDS).toNanos()) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                double at = (System.nanoTime() - start) / 1e9;
                StringBuilder line = new StringBuilder(String.format("%s t=%5.0f s  load %s", scenario, at, LoadAverage.read()));
                for (LaunchedWarden warden : running) {
                    if (!warden.alive()) {
                        throw new IllegalStateException(warden.name() + " exited; see " + warden.log());
                    }
                    long rss = warden.rssBytes();
                    LaunchedWarden.Heap heap = warden.heap();
                    series.get(warden.name()).add(at, rss, heap);
                    line.append(String.format("  %s RSS %.1f heap %s/%s MiB", warden.name(), MemorySeries.mib(rss),
                            MemorySeries.orUnknown(heap.used()), MemorySeries.orUnknown(heap.committed())));
                }
                System.out.println(line);
            }
            for (LaunchedWarden warden : running) {
                System.out.println(warden.name() + ": live heap at the end (jcmd GC.class_histogram, after a full GC):\n"
                        + warden.liveHistogram(12));
            }
        } finally {
            for (LaunchedWarden warden : running) {
                warden.close();
            }
            Runtime.getRuntime().removeShutdownHook(stopDaemons);
        }
        report(scenario, what, minutes, series, work);
    }

    private static void report(String scenario, String what, int minutes, Map<String, MemorySeries> series, Path work)
            throws IOException {
        System.out.println();
        System.out.println(scenario + " (" + what + "), " + minutes + " min, RSS, heap used and committed in MiB:");
        series.forEach((name, s) -> System.out.println(name + ":\n" + s.table()));
        // Heap committed at the end says how much of the RSS is the Java heap the JVM kept.
        String load = LoadAverage.read();
        for (Map.Entry<String, MemorySeries> entry : series.entrySet()) {
            MemorySeries s = entry.getValue();
            String row = "| %s | %s (%s) | %s | %d | %s | %.1f | %.1f | %s | %s | %s |".formatted(LocalDate.now(), scenario,
                    what, entry.getKey(), minutes, s.rssAtMib(SETTLE_MINUTES * 60), s.lastRssMib(), s.maxRssMib(),
                    s.growthAfterMib(SETTLE_MINUTES * 60), s.lastHeapCommittedMib(), load);
            System.out.println(row);
            BenchFiles.appendRow(work.resolve("memory.md"), """
                    | date | scenario | subject | minutes | RSS at 10 min MiB | RSS at end MiB | max RSS MiB \
                    | growth after 10 min MiB (per hour) | heap committed at end MiB | load at end |
                    |---|---|---|---|---|---|---|---|---|---|
                    """, row);
        }
    }
}
