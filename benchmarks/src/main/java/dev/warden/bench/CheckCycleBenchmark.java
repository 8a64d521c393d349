package dev.warden.bench;

import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.config.ConfigLoader;
import dev.warden.config.TargetConfig;
import dev.warden.postgres.Connections;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What watching a 10,000-table database costs it: a full Warden check cycle (every built-in check but
 * corruption, built from the target's configuration and run through CheckRunner on the daemon's own
 * pool) against a scrape of postgres_exporter's {@code /metrics}, with its default collectors and with
 * the package's per-table queries, alternately in the same run. Wall time client side, database time
 * from pg_stat_statements per role. Then how long each check costs alone, and the {@code /metrics}
 * latency of a running Warden watching the same database ({@link MetricsLatency}). PostgreSQL 15,
 * because the machine's exporter (0.11.1) fails on 17. Run with {@code bench/run checks [runs] [tables]};
 * appends Markdown rows to {@code benchmarks/target/bench/checks.md} and {@code checks-metrics.md}.
 */
public final class CheckCycleBenchmark {
    private static final int PG_MAJOR = 15;
    private static final int WARMUP_RUNS = 2;
    private static final int ALONE_RUNS = 5;
    private static final int METRICS_GETS = 200;
    private static final String WARDEN = WatchedDatabase.WARDEN_ROLE;
    private static final String EXPORTER = "exporter";
    private static final String EXPORTER_TABLES = "exporter_tables";
    private static final List<String> ROLES = List.of(WARDEN, EXPORTER, EXPORTER_TABLES);

    private final CheckCycle cycle;
    private final PostgresExporter plain;
    private final PostgresExporter perTable;
    private final StatStatements statements;
    private final Scraper scraper = new Scraper();
    private final Timings cycles = new Timings();
    private final Timings plainScrapes = new Timings();
    private final Timings tableScrapes = new Timings();
    private int plainBytes;
    private int tableBytes;
    private long tableSamples;
    private int notOk;

    private CheckCycleBenchmark(CheckCycle cycle, PostgresExporter plain, PostgresExporter perTable,
                                StatStatements statements) {
        this.cycle = cycle;
        this.plain = plain;
        this.perTable = perTable;
        this.statements = statements;
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int tables = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path work = BenchFiles.workDirectory();
        Path scratch = work.resolve("checks");
        BenchFiles.deleteRecursively(scratch);
        Vertx vertx = Vertx.vertx();
        try (EmbeddedServer server = EmbeddedServer.start(scratch.resolve("pg15"), PG_MAJOR)) {
            long setup = System.nanoTime();
            PgAddress bench = WatchedDatabase.create(server, tables, ROLES);
            System.out.printf("setup: PostgreSQL 15 with pg_stat_statements, %d tables + 3 critical tables in %.1f s%n",
                    tables, (System.nanoTime() - setup) / 1e9);
            PgAddress asWarden = as(bench, WARDEN);
            TargetConfig target = ConfigLoader.parse("targets:\n" + WatchedDatabase.targetYaml(asWarden).indent(2),
                    "checks benchmark", Map.of()).targets().get(0);
            Pool pool = Connections.pool(vertx, target.name(), target.connection(), target.session());
            Scraper scraper = new Scraper();
            try (PostgresExporter plain = PostgresExporter.start(as(bench, EXPORTER), null, scratch.resolve("exporter.log"), scraper);
                 PostgresExporter perTable = PostgresExporter.start(as(bench, EXPORTER_TABLES),
                         PostgresExporter.perTableQueries(scratch.resolve("per-table-queries.yaml")),
                         scratch.resolve("exporter-tables.log"), scraper)) {
                System.out.printf("exporters: pid %d (default collectors), pid %d (+ %s from %s)%n", plain.pid(),
                        perTable.pid(), PostgresExporter.PER_TABLE_QUERIES, PostgresExporter.EXAMPLE_QUERIES);
                CheckCycleBenchmark benchmark = new CheckCycleBenchmark(CheckCycle.prepare(vertx, pool, target), plain,
                        perTable, new StatStatements(new Sql(bench)));
                benchmark.compare(runs, tables, work.resolve("checks.md"));
                benchmark.checksAlone();
            } finally {
                pool.close().await();
            }
            new Sql(server.address("postgres")).execute("CREATE DATABASE warden_state");
            MetricsLatency.Result metrics = MetricsLatency.measure(asWarden, server.address("warden_state"),
                    scratch.resolve("warden-home"), METRICS_GETS);
            MetricsLatency.report(metrics, tables, work.resolve("checks-metrics.md"));
        } finally {
            vertx.close().await();
            BenchFiles.deleteRecursively(scratch);
        }
    }

    /** Warden's cycle and both scrapes, alternately (W E T, then T E W), after untimed warm-ups. */
    private void compare(int runs, int tables, Path markdown) throws Exception {
        for (int run = 0; run < WARMUP_RUNS; run++) {
            cycle.runAll();
            scraper.get(plain.metrics());
            scraper.get(perTable.metrics());
        }
        statements.reset();
        List<CheckResult> results = List.of();
        for (int run = 0; run < runs; run++) {
            if (run % 2 == 0) {
                results = timedCycle();
                scrapePlain();
                scrapeTables();
            } else {
                scrapeTables();
                scrapePlain();
                results = timedCycle();
            }
            System.out.printf("run %d: warden cycle %.0f ms, exporter %.0f ms, exporter+tables %.0f ms%n", run + 1,
                    cycles.last(), plainScrapes.last(), tableScrapes.last());
        }
        Map<String, StatStatements.RoleTime> db = statements.byRole(ROLES);
        results.forEach(r -> System.out.printf("  %-18s %-12s %s%n", r.check(), r.status(), r.summary()));
        if (notOk > 0) {
            System.out.println("WARNING: " + notOk + " check results were not OK over the " + runs + " timed cycles");
        }
        cycle.perCheck().forEach((name, t) -> System.out.printf("  in the cycle %-18s %s%n", name, t.summary()));
        System.out.println("warden cycle:             " + cycles.summary());
        System.out.println("exporter scrape:          " + plainScrapes.summary() + ", " + plainBytes + " bytes");
        System.out.println("exporter+tables scrape:   " + tableScrapes.summary() + ", " + tableBytes + " bytes, "
                + tableSamples + " tables in pg_stat_user_tables_n_live_tup");
        ROLES.forEach(role -> {
            StatStatements.RoleTime t = db.get(role);
            System.out.printf("database time %-16s %8.1f ms exec + %6.1f ms plan per run, %5.1f statements per run%n",
                    role, t.execMillis() / runs, t.planMillis() / runs, (double) t.calls() / runs);
        });
        for (String role : ROLES) {
            System.out.println("top statements of " + role + " over " + runs + " runs:");
            for (StatStatements.Statement s : statements.top(role, role.equals(WARDEN) ? 12 : 6, role.equals(WARDEN) ? 240 : 150)) {
                System.out.println("  " + s);
            }
        }
        double warden = db.get(WARDEN).execMillis() / runs;
        double exporter = db.get(EXPORTER).execMillis() / runs;
        double exporterTables = db.get(EXPORTER_TABLES).execMillis() / runs;
        System.out.printf("ratio database time warden/exporter %.2f, warden/exporter+tables %.2f (target: at most 0.5)%n",
                warden / exporter, warden / exporterTables);
        String row = "| %s | %d | %d | %.0f | %.0f | %.0f | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f |".formatted(
                LocalDate.now(), tables, runs, cycles.median(), plainScrapes.median(), tableScrapes.median(),
                warden, db.get(WARDEN).planMillis() / runs, exporter, exporterTables, warden / exporter,
                warden / exporterTables);
        BenchFiles.appendRow(markdown, """
                | date | tables | runs | warden cycle median ms | exporter scrape median ms | exporter+tables scrape median ms \
                | warden db exec ms/cycle | warden db plan ms/cycle | exporter db exec ms/scrape \
                | exporter+tables db exec ms/scrape | db ratio warden/exporter | db ratio warden/exporter+tables |
                |---|---|---|---|---|---|---|---|---|---|---|---|
                """, row);
        System.out.println(row);
    }

    /** Each check alone, {@value #ALONE_RUNS} times: its wall time and the database time it costs. */
    private void checksAlone() throws Exception {
        for (String name : cycle.names()) {
            statements.reset();
            Timings alone = new Timings();
            for (int run = 0; run < ALONE_RUNS; run++) {
                long start = System.nanoTime();
                cycle.runOne(name);
                alone.add(System.nanoTime() - start);
            }
            StatStatements.RoleTime t = statements.byRole(List.of(WARDEN)).get(WARDEN);
            System.out.printf("alone %-18s wall median %6.0f ms, database %7.1f ms exec + %5.1f ms plan, %4.1f statements per run%n",
                    name, alone.median(), t.execMillis() / ALONE_RUNS, t.planMillis() / ALONE_RUNS,
                    (double) t.calls() / ALONE_RUNS);
            statements.top(WARDEN, 3, 160).forEach(s -> System.out.println("    " + s));
        }
    }

    private List<CheckResult> timedCycle() {
        long start = System.nanoTime();
        List<CheckResult> results = cycle.runAll();
        cycles.add(System.nanoTime() - start);
        notOk += (int) results.stream().filter(r -> r.status() != CheckStatus.OK).count();
        return results;
    }

    private void scrapePlain() throws Exception {
        Scraper.Scrape scrape = checked(scraper.get(plain.metrics()));
        plainScrapes.add(scrape.nanos());
        plainBytes = scrape.bytes();
    }

    private void scrapeTables() throws Exception {
        Scraper.Scrape scrape = checked(scraper.get(perTable.metrics()));
        tableScrapes.add(scrape.nanos());
        tableBytes = scrape.bytes();
        tableSamples = scrape.samples("pg_stat_user_tables_n_live_tup");
    }

    /** A scrape in which a query failed would cost less than a real one: refuse it. */
    private static Scraper.Scrape checked(Scraper.Scrape scrape) {
        if (scrape.status() != 200 || !scrape.hasLine("pg_exporter_last_scrape_error 0")) {
            throw new IllegalStateException("postgres_exporter scrape failed: status " + scrape.status()
                    + ", pg_exporter_last_scrape_error not 0");
        }
        return scrape;
    }

    private static PgAddress as(PgAddress address, String role) {
        return new PgAddress(address.host(), address.port(), role, "", address.database());
    }
}
