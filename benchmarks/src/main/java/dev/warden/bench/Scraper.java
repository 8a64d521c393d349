package dev.warden.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * GETs a {@code /metrics} page the way Prometheus does, over one kept-alive HTTP/1.1 connection, and
 * times it from the request to the last byte of the body.
 */
final class Scraper {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** One scrape: status, body and wall time. */
    record Scrape(int status, byte[] body, long nanos) {
        int bytes() {
            return body.length;
        }

        /** Samples: lines that are neither comments nor empty. */
        long samples() {
            return lines().filter(line -> !line.isEmpty() && !line.startsWith("#")).count();
        }

        /** Samples of one metric family, e.g. {@code warden_table_rows}. */
        long samples(String metric) {
            return lines().filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " ")).count();
        }

        /** Whether some line of the body is exactly {@code line}. */
        boolean hasLine(String line) {
            return lines().anyMatch(line::equals);
        }

        private Stream<String> lines() {
            return new String(body, StandardCharsets.UTF_8).lines();
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Scrape get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long took = System.nanoTime() - start;
        return new Scrape(response.statusCode(), response.body(), took);
    }

    /** POSTs an empty JSON object and returns the status; for asking Warden to take a snapshot. */
    int post(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
