package dev.warden.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.warden.testing.PgAddress;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The machine's {@code prometheus-postgres-exporter} (Debian's 0.11.1), started on a free loopback
 * port against one database and stopped by its own process handle. Either with its default
 * collectors only, or with the per-table queries of the example {@code queries.yaml} the package
 * ships ({@code pg_stat_user_tables} and {@code pg_statio_user_tables}, through
 * {@code --extend.query-path}): 0.11.1 has no per-table metrics of its own.
 */
final class PostgresExporter implements AutoCloseable {
    static final Path EXAMPLE_QUERIES = Path.of("/usr/share/doc/prometheus-postgres-exporter/examples/queries.yaml");
    static final List<String> PER_TABLE_QUERIES = List.of("pg_stat_user_tables", "pg_statio_user_tables");
    private static final String COMMAND = "prometheus-postgres-exporter";
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);

    private final Process process;
    private final URI metrics;

    private PostgresExporter(Process process, URI metrics) {
        this.process = process;
        this.metrics = metrics;
    }

    /** Starts it as {@code database}'s user; {@code queries} is a file for --extend.query-path, or null. */
    static PostgresExporter start(PgAddress database, Path queries, Path log, Scraper scraper) throws IOException {
        int port = FreePort.find();
        List<String> command = new ArrayList<>(List.of(COMMAND, "--web.listen-address=127.0.0.1:" + port));
        if (queries != null) {
            command.add("--extend.query-path=" + queries);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DATA_SOURCE_NAME", "postgresql://" + database.user() + "@127.0.0.1:"
                + database.port() + "/" + database.database() + "?sslmode=disable");
        PostgresExporter exporter = new PostgresExporter(builder.start(), URI.create("http://127.0.0.1:" + port + "/metrics"));
        try {
            Awaitility.await().atMost(READY_WITHIN).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> exporter.process.isAlive() && scraper.get(exporter.metrics).status() == 200);
        } catch (RuntimeException e) {
            exporter.close();
            throw new IllegalStateException(COMMAND + " did not answer on " + exporter.metrics + "; see " + log, e);
        }
        return exporter;
    }

    /** The package's example queries, only the per-table ones, written to {@code file}. */
    static Path perTableQueries(Path file) throws IOException {
        if (!Files.exists(EXAMPLE_QUERIES)) {
            throw new IllegalStateException(EXAMPLE_QUERIES + " is missing: run scripts/install-test-tools");
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode all = (ObjectNode) yaml.readTree(EXAMPLE_QUERIES.toFile());
        ObjectNode kept = yaml.createObjectNode();
        PER_TABLE_QUERIES.forEach(name -> kept.set(name, all.required(name)));
        yaml.writeValue(file.toFile(), kept);
        return file;
    }

    URI metrics() {
        return metrics;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
