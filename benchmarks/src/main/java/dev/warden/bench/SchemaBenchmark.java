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
 * How long one observation of a large catalog takes: a schema fingerprint plus estimated row counts
 * of a database with 10,000 tables, over Warden's production pool settings. Run with
 * {@code bench/run schema [runs] [tables]}; prints median/p90/min/max and appends a Markdown row to
 * {@code benchmarks/target/bench/schema.md}.
 */
public final class SchemaBenchmark {
    private static final int WARMUP_RUNS = 2;

    private SchemaBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int tables = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path work = BenchFiles.workDirectory();
        BenchFiles.deleteRecursively(work.resolve("pg").resolve("data"));

        try (EmbeddedServer server = EmbeddedServer.start(work.resolve("pg"), EmbeddedServer.CLASSPATH_MAJOR)) {
            new Sql(server.address("postgres")).execute("CREATE DATABASE bench");
            PgAddress bench = server.address("bench");
            long setup = System.nanoTime();
            ManyTables.create(new Sql(bench), tables);
            System.out.printf("setup: %d tables created and analysed in %.1f s%n", tables, (System.nanoTime() - setup) / 1e9);

            Vertx vertx = Vertx.vertx();
            Pool pool = wardenPool(vertx, bench);
            try {
                measure(pool, runs, tables, work.resolve("schema.md"));
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
