package dev.warden.daemon.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.daemon.PeerProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A real Prometheus (Debian's {@code prometheus}, installed by scripts/install-test-tools) on a free
 * loopback port, with a configuration the test generates and its storage under the build folder. It
 * scrapes one target every second, evaluates the given rule files every second and sends alerts to the
 * given Alertmanager, re-sending firing ones every second (so an alert a just-started Alertmanager
 * dropped comes again at once). Ready when {@code /-/ready} answers 200; stopped by its PID.
 */
public final class PrometheusProcess implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dir;
    private final int port;
    private PeerProcess process;

    private PrometheusProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts one and waits until it is ready.
     *
     * @param scrapeTarget host:port whose /metrics it scrapes (job {@code warden}), or null for none
     * @param ruleFiles    rule files it loads; a file that does not load keeps it from starting
     * @param alertmanager base URL of the Alertmanager it alerts, or null for none
     */
    public static PrometheusProcess start(String name, String scrapeTarget, List<Path> ruleFiles, String alertmanager) {
        assertThat(BINARY).as("prometheus is missing: run scripts/install-test-tools").exists();
        int port = freePort();
        Path dir = Path.of("target", "prometheus", name + "-" + port).toAbsolutePath();
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("prometheus.yml"), configuration(scrapeTarget, ruleFiles, alertmanager));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PrometheusProcess prometheus = new PrometheusProcess(dir, port);
        prometheus.start();
        return prometheus;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code /api/v1/query} at the current time: the whole answer, {@code status} "success" or "error". */
    public JsonObject query(String expr) {
        return post("/api/v1/query", Map.of("query", expr));
    }

    /** {@code /api/v1/query_range} over [start, end]: the whole answer. */
    public JsonObject queryRange(String expr, Instant start, Instant end, Duration step) {
        return post("/api/v1/query_range", Map.of("query", expr, "start", seconds(start), "end", seconds(end),
                "step", seconds(step.toMillis())));
    }

    /** {@code /api/v1/alerts}: the alerts of every alerting rule, pending and firing, with their labels. */
    public JsonArray alerts() {
        JsonObject answer = new JsonObject(send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/alerts")).GET()));
        assertThat(answer.getString("status")).as(answer.encode()).isEqualTo("success");
        return answer.getJsonObject("data").getJsonArray("alerts");
    }

    /** What Prometheus logged so far, for assertion messages. */
    public String log() {
        try {
            Path log = dir.resolve("log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops it by its PID (SIGTERM, then SIGKILL after 10 s). */
    public void stop() {
        if (process == null) {
            return;
        }
        process.stop();
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private void start() {
        process = PeerProcess.start(List.of(BINARY.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--rules.alert.resend-delay=1s"), dir.resolve("log"));
        Awaitility.await("Prometheus on port " + port + " ready").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    assertThat(process.isAlive()).as("Prometheus exited:\n" + log()).isTrue();
                    assertThat(status("/-/ready")).isEqualTo(200);
                });
    }

    private static String configuration(String scrapeTarget, List<Path> ruleFiles, String alertmanager) {
        StringBuilder yaml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                """);
        yaml.append("rule_files:").append(ruleFiles.isEmpty() ? " []\n" : "\n");
        ruleFiles.forEach(file -> yaml.append("  - '").append(file.toAbsolutePath()).append("'\n"));
        if (alertmanager != null) {
            yaml.append("alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['")
                    .append(URI.create(alertmanager).getAuthority()).append("']\n");
        }
        yaml.append("scrape_configs:").append(scrapeTarget == null ? " []\n" : "\n");
        if (scrapeTarget != null) {
            yaml.append("  - job_name: warden\n    static_configs:\n      - targets: ['").append(scrapeTarget).append("']\n");
        }
        return yaml.toString();
    }

    private JsonObject post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return new JsonObject(send(HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    private int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String seconds(Instant instant) {
        return seconds(instant.toEpochMilli());
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
