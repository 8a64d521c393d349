package dev.warden.daemon.alert;

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
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * A real Alertmanager on a free loopback port, routing every alert to a webhook (the test's recording
 * server) so that its notifications can be seen too. Its port is chosen up front, so a test can give
 * Warden the URL of an Alertmanager that is not running yet. Installed by scripts/install-test-tools.
 */
public final class AlertmanagerProcess implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dir;
    private final int port;
    private PeerProcess process;

    private AlertmanagerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Prepared, not started. {@code notify} is the webhook Alertmanager notifies. */
    public static AlertmanagerProcess prepare(String name, String notify) {
        return prepareWithConfig(name, """
                route:
                  receiver: recorder
                  group_by: ['...']
                  group_wait: 100ms
                  group_interval: 200ms
                  repeat_interval: 1h
                receivers:
                  - name: recorder
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                """.formatted(notify));
    }

    /** Prepared, not started, with a configuration of the test's own (an example file's routes and inhibitions, say). */
    public static AlertmanagerProcess prepareWithConfig(String name, String configuration) {
        assertThat(BINARY).as("prometheus-alertmanager is missing: run scripts/install-test-tools").exists();
        int port = freePort();
        Path dir = Path.of("target", "alertmanager", name + "-" + port).toAbsolutePath();
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("alertmanager.yml"), configuration);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AlertmanagerProcess(dir, port);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public AlertmanagerProcess start() {
        process = PeerProcess.start(List.of(BINARY.toString(), "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address="), dir.resolve("log"));
        Awaitility.await("Alertmanager on port " + port + " ready").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> process.isAlive() && get("/-/ready").statusCode() == 200);
        return this;
    }

    /** Stops it by its PID; its alerts are lost (Alertmanager keeps them in memory only). */
    public void stop() {
        if (process == null) {
            return;
        }
        process.stop();
        process = null;
    }

    /** Alertmanager's {@code GET /api/v2/alerts}: the alerts it holds as not resolved. */
    public JsonArray alerts() {
        return new JsonArray(get("/api/v2/alerts").body());
    }

    /** The one alert of this name it holds as not resolved, if any. */
    Optional<JsonObject> alert(String alertname) {
        String filter = URLEncoder.encode("alertname=\"" + alertname + "\"", StandardCharsets.UTF_8);
        JsonArray found = new JsonArray(get("/api/v2/alerts?filter=" + filter).body());
        assertThat(found.size()).as("alerts named " + alertname).isLessThanOrEqualTo(1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getJsonObject(0));
    }

    @Override
    public void close() {
        stop();
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
