package dev.warden.bench;

import dev.warden.checks.rows.RowCountRequest;
import dev.warden.checks.rows.RowCounter;
import dev.warden.checks.rows.RowCounts;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.checks.schema.SchemaFingerprint;
import dev.warden.checks.schema.SchemaReader;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * How long one observation of a large catalog takes: a full schema fingerprint plus estimated row
 * counts of a database with 10,000 tables, over Warden's production pool settings; then issue 14's
 * scenario on the same database ({@link SchemaChurnBenchmark}): the schema check while another session
 * creates temporary tables, against a postgres_exporter scrape. PostgreSQL 15, because the machine's
 * exporter (0.11.1) fails on 17. Run with {@code bench/run schema [runs] [tables] [changes]}; prints
 * median/p90/min/max and appends Markdown rows to {@code benchmarks/target/bench/schema.md} and
 * {@code schema-churn.md}.
 */
public final class SchemaBenchmark {
    private static final int WARMUP_RUNS = 2;
    private static final int PG_MAJOR = 15;

    private SchemaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int tables = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int changes = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path work = BenchFiles.workDirectory();
        BenchFiles.deleteRecursively(work.resolve("pg").resolve("data"));

        try (EmbeddedServer server = EmbeddedServer.start(work.resolve("pg"), PG_MAJOR)) {
            new Sql(server.address("postgres")).execute("CREATE DATABASE bench");
            PgAddress bench = server.address("bench");
            long setup = System.nanoTime();
            ManyTables.create(new Sql(bench), tables);
            System.out.printf("setup: %d tables created and analysed in %.1f s%n", tables, (System.nanoTime() - setup) / 1e9);

            Vertx vertx = Vertx.vertx();
            Pool pool = wardenPool(vertx, bench);
            try {
                measure(pool, runs, tables, work.resolve("schema.md"));
                SchemaChurnBenchmark.run(vertx, pool, bench, work, runs, tables, changes);
            } finally {
                pool.close().await();
                vertx.close().await();
            }
        }
    }

    private static void measure(Pool pool, int runs, int tables, Path markdown) throws IOException {
        Timings total = new Timings();
        Timings fingerprints = new Timings();
        Timings counts = new Timings();
        SchemaFingerprint fingerprint = null;
        RowCounts rows = null;
        for (int run = 0; run < WARMUP_RUNS + runs; run++) {
            long start = System.nanoTime();
            fingerprint = SchemaReader.read(pool, SchemaFilter.all()).await();
            long read = System.nanoTime();
            rows = RowCounter.count(pool, RowCountRequest.estimatesOnly()).await();
            long end = System.nanoTime();
            if (run >= WARMUP_RUNS) {
                fingerprints.add(read - start);
                counts.add(end - read);
                total.add(end - start);
            }
        }
        System.out.printf("objects: %d in the fingerprint (hash %s…), %d tables estimated%n",
                fingerprint.objects().size(), fingerprint.hash().substring(0, 12), rows.tables().size());
        System.out.println("fingerprint:      " + fingerprints.summary());
        System.out.println("row estimates:    " + counts.summary());
        System.out.println("fingerprint+rows: " + total.summary());
        String row = "| %s | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |".formatted(LocalDate.now(), tables, runs,
                total.median(), total.percentile(90), total.min(), total.max(), fingerprints.median(), counts.median());
        BenchFiles.appendRow(markdown, """
                | date | tables | runs | median ms | p90 ms | min ms | max ms | fingerprint median ms | rows median ms |
                |---|---|---|---|---|---|---|---|---|
                """, row);
        System.out.println(row);
    }

    /** The pool Warden opens on a target: 2 connections, application_name, statement and lock timeouts. */
    private static Pool wardenPool(Vertx vertx, PgAddress address) {
        return address.wardenPool(vertx);
    }
}
