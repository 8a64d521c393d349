package dev.warden.bench;

import dev.warden.checks.Baseline;
import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckRunner;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.ExpectedSchema;
import dev.warden.checks.builtin.Repetition;
import dev.warden.checks.builtin.SchemaDriftCheck;
import dev.warden.checks.schema.HeldFingerprint;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.checks.schema.SchemaReader;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * Issue 14's scenario: the schema check ({@code schema_drift}, its production code and timeout, on
 * Warden's pool) on a 10,000-table database while another session creates a temporary table every
 * second, against a default postgres_exporter scrape of the same server, alternately in the same run.
 * Each timed cycle waits first for a new temporary table, so that every cycle meets catalog churn.
 * Then one real DDL change at a time (a column added to one table, by a new session as a migration
 * tool would): whether the very next cycle reports it, and what that cycle costs.
 */
final class SchemaChurnBenchmark {
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(60);
    private static final int WARMUP_RUNS = 2;

    private final Pool pool;
    private final CheckContext context;
    /** As the daemon runs it: in cycles, its fingerprint kept after each change (here in memory, not in a state store). */
    private final HeldFingerprint memory = new HeldFingerprint();
    private final SchemaDriftCheck check = new SchemaDriftCheck(SchemaFilter.all(), memory, Repetition.CYCLES);
    private final PostgresExporter exporter;
    private final Scraper scraper;
    private final Timings cycles = new Timings();
    private final Timings scrapes = new Timings();
    private final Timings detections = new Timings();
    private final Timings statisticsLag = new Timings();
    private int fullReads;
    private int deparsed;
    private int detected;

    private SchemaChurnBenchmark(Vertx vertx, Pool pool, PostgresExporter exporter, Scraper scraper) {
        this.pool = pool;
        this.exporter = exporter;
        this.scraper = scraper;
        ExpectedSchema expected = new ExpectedSchema(SchemaReader.read(pool, SchemaFilter.all()).await(),
                Clock.systemUTC().instant());
        this.context = new CheckContext("bench", pool, vertx, Clock.systemUTC(), Baseline.none().withExpectedSchema(expected));
    }

    static void run(Vertx vertx, Pool pool, PgAddress bench, Path work, int runs, int tables, int changes) throws Exception {
        Scraper scraper = new Scraper();
        try (PostgresExporter exporter = PostgresExporter.start(bench, null, work.resolve("exporter.log"), scraper);
             TempTableChurn churn = TempTableChurn.start(new Sql(bench))) {
            SchemaChurnBenchmark benchmark = new SchemaChurnBenchmark(vertx, pool, exporter, scraper);
            benchmark.compare(churn, runs);
            benchmark.detect(churn, new Sql(bench), changes);
            benchmark.report(tables, runs, changes, work.resolve("schema-churn.md"));
            benchmark.check.saved().await(); // the last save, before Vert.x stops under it
        }
    }

    /** Schema check and exporter scrape alternately (C E, then E C), each check after a new temporary table. */
    private void compare(TempTableChurn churn, int runs) throws Exception {
        for (int run = 0; run < WARMUP_RUNS; run++) {
            afterNewTemporaryTable(churn);
            requireOk(cycle());
            scrape();
        }
        for (int run = 0; run < runs; run++) {
            afterNewTemporaryTable(churn);
            if (run % 2 == 0) {
                timedCycle();
                scrapes.add(scrape());
            } else {
                scrapes.add(scrape());
                timedCycle();
            }
            System.out.printf("run %d: schema check %.1f ms, exporter scrape %.1f ms (%d temporary tables so far)%n",
                    run + 1, cycles.last(), scrapes.last(), churn.created());
        }
    }

    /** One column added to one table at a time, by a new session; the next cycle must report it. */
    private void detect(TempTableChurn churn, Sql database, int changes) {
        int detected = 0;
        for (int i = 1; i <= changes; i++) {
            afterNewTemporaryTable(churn);
            long writes = catalogWrites(database);
            database.execute("ALTER TABLE app.t_" + (i * 97) + " ADD COLUMN note_" + i + " text");
            long committed = System.nanoTime();
            // A cycle can only scan what the statistics show moved: wait until they have (the DDL's own
            // report or the application's next one), as a scheduled cycle seconds later would find them.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> catalogWrites(database) != writes);
            statisticsLag.add(System.nanoTime() - committed);
            long start = System.nanoTime();
            CheckResult result = cycle();
            long took = System.nanoTime() - start;
            detections.add(took);
            boolean seen = result.status() == CheckStatus.BREACH && result.summary().contains("app.t_" + (i * 97));
            detected += seen ? 1 : 0;
            System.out.printf("change %d: ALTER TABLE app.t_%d ADD COLUMN: %s in the next cycle, %.1f ms: %s%n", i, i * 97,
                    seen ? "reported" : "NOT reported", took / 1e6, result.summary());
        }
        this.detected = detected;
    }

    private void report(int tables, int runs, int changes, Path markdown) throws IOException {
        double ratio = cycles.median() / scrapes.median();
        System.out.println("schema check under churn: " + cycles.summary() + "; " + fullReads + " full reads, "
                + deparsed + " objects deparsed over the timed cycles");
        System.out.println("exporter scrape:          " + scrapes.summary());
        System.out.printf("ratio schema check / exporter scrape (medians): %.3f (target: at most 0.25; check median at most 100 ms)%n",
                ratio);
        System.out.printf("detecting cycle / schema check under churn (medians): %.2f%n", detections.median() / cycles.median());
        System.out.println("one-table DDL, next cycle: " + detections.summary() + ", reported " + detected + "/" + changes
                + "; statistics showed catalog writes " + statisticsLag.summary() + " after the DDL's commit");
        String row = "| %s | %d | %d | %.1f | %.1f | %.1f | %.3f | %d/%d | %.1f | %.1f |".formatted(LocalDate.now(), tables,
                runs, cycles.median(), cycles.percentile(90), scrapes.median(), ratio, detected, changes,
                detections.median(), detections.max());
        BenchFiles.appendRow(markdown, """
                | date | tables | runs | check median ms | check p90 ms | exporter scrape median ms | ratio \
                | DDL reported next cycle | detecting cycle median ms | detecting cycle max ms |
                |---|---|---|---|---|---|---|---|---|---|
                """, row);
        System.out.println(row);
    }

    private void timedCycle() {
        long start = System.nanoTime();
        CheckResult result = cycle();
        cycles.add(System.nanoTime() - start);
        requireOk(result);
        @SuppressWarnings("unchecked")
        Map<String, Object> read = (Map<String, Object>) result.evidence().get("live_read");
        fullReads += Boolean.TRUE.equals(read.get("full")) ? 1 : 0;
        deparsed += ((Number) read.get("deparsed_objects")).intValue();
    }

    private CheckResult cycle() {
        return CheckRunner.run(check, context, CHECK_TIMEOUT).await();
    }

    /** A scrape in which a query failed would cost less than a real one: refuse it. */
    private long scrape() throws Exception {
        Scraper.Scrape scrape = scraper.get(exporter.metrics());
        if (scrape.status() != 200 || !scrape.hasLine("pg_exporter_last_scrape_error 0")) {
            throw new IllegalStateException("postgres_exporter scrape failed: status " + scrape.status());
        }
        return scrape.nanos();
    }

    private static void requireOk(CheckResult result) {
        if (result.status() != CheckStatus.OK) {
            throw new IllegalStateException("the schema check did not pass under temporary-table churn: " + result.summary());
        }
    }

    /** Rows written to pg_class and pg_attribute, as the statistics show them now. */
    private static long catalogWrites(Sql database) {
        return database.queryLong("SELECT sum(pg_stat_get_tuples_inserted(c) + pg_stat_get_tuples_updated(c)"
                + " + pg_stat_get_tuples_deleted(c))::bigint FROM unnest(ARRAY['pg_class'::regclass, 'pg_attribute'::regclass]) c");
    }

    private static void afterNewTemporaryTable(TempTableChurn churn) {
        long seen = churn.created();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> churn.created() > seen);
    }
}
