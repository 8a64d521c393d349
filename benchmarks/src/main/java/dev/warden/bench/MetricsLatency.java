package dev.warden.bench;

import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;
import dev.warden.daemon.Warden;
import dev.warden.testing.PgAddress;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;

/**
 * How fast a running Warden answers {@code /metrics} while it watches the large database: the daemon
 * started in-process ({@link Warden#start}) with the benchmark's target, its checks on their
 * schedules (they first fire at start-up), one snapshot taken through the API so that table metrics
 * exist, then back-to-back GETs over one kept-alive connection.
 */
final class MetricsLatency {
    private static final int WARMUP_GETS = 20;

    /** The outcome: GET timings, the exposition's size and how long the snapshot took. */
    record Result(Timings gets, int bytes, long samples, long tableRowSamples, double snapshotMillis) {
    }

    private MetricsLatency() {
    }

    static Result measure(PgAddress target, PgAddress state, Path home, int gets) throws Exception {
        String yaml = """
                server: {host: 127.0.0.1, port: 0, data_dir: "%s"}
                state: {url: "%s"}
                targets:
                %s""".formatted(home, state.uri(), WatchedDatabase.targetYaml(target).indent(2));
        WardenConfig config = ConfigLoader.parse(yaml, "metrics benchmark", Map.of());
        Warden warden = Warden.start(config, Clock.systemUTC());
        try {
            Scraper scraper = new Scraper();
            URI base = URI.create(warden.baseUrl());
            long start = System.nanoTime();
            int status = scraper.post(base.resolve("/api/targets/bench/snapshots"));
            double snapshotMillis = (System.nanoTime() - start) / 1e6;
            if (status != 201) {
                throw new IllegalStateException("POST /api/targets/bench/snapshots answered " + status);
            }
            URI metrics = base.resolve("/metrics");
            for (int i = 0; i < WARMUP_GETS; i++) {
                scraper.get(metrics);
            }
            Timings timings = new Timings();
            Scraper.Scrape last = null;
            for (int i = 0; i < gets; i++) {
                last = scraper.get(metrics);
                if (last.status() != 200) {
                    throw new IllegalStateException("GET /metrics answered " + last.status());
                }
                timings.add(last.nanos());
            }
            return new Result(timings, last.bytes(), last.samples(), last.samples("warden_table_rows"), snapshotMillis);
        } finally {
            warden.stop();
        }
    }

    /** Prints the result and appends its row to {@code markdown}. */
    static void report(Result metrics, int tables, Path markdown) throws IOException {
        Timings gets = metrics.gets();
        System.out.printf("snapshot through POST /api/targets/bench/snapshots: %.0f ms%n", metrics.snapshotMillis());
        System.out.printf("warden /metrics: %s, p99 %.1f ms, median %.2f ms; %d bytes, %d samples (%d warden_table_rows)%n",
                gets.summary(), gets.percentile(99), gets.median(), metrics.bytes(), metrics.samples(),
                metrics.tableRowSamples());
        String row = "| %s | %d | %d | %.2f | %.2f | %.2f | %d | %d | %d |".formatted(LocalDate.now(), tables, gets.count(),
                gets.median(), gets.percentile(99), gets.max(), metrics.bytes(), metrics.samples(), metrics.tableRowSamples());
        BenchFiles.appendRow(markdown, """
                | date | tables | GETs | median ms | p99 ms | max ms | bytes | samples | warden_table_rows samples |
                |---|---|---|---|---|---|---|---|---|
                """, row);
        System.out.println(row);
    }
}
