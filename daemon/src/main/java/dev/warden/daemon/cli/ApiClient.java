package dev.warden.daemon.cli;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The CLI's way to a running Warden: its HTTP API, so that only the daemon ever acts on a target.
 * The token comes from {@code WARDEN_TOKEN}, never from the command line (visible in ps).
 */
final class ApiClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    private final String baseUrl;
    private final String token;
    private final String source;

    ApiClient(DaemonAddress address) {
        this.baseUrl = address.url().replaceAll("/+$", "");
        this.token = address.token();
        this.source = address.source();
    }

    JsonObject get(String path) {
        return new JsonObject(text(request(path).GET()));
    }

    /** A text answer (a report), as it comes. */
    String getText(String path) {
        return text(request(path).GET());
    }

    JsonObject post(String path, JsonObject body) {
        String answer = text(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
        return answer.isBlank() ? new JsonObject() : new JsonObject(answer);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofHours(1));
        return token.isEmpty() ? request : request.header("Authorization", "Bearer " + token);
    }

    /** Java's connection errors often have no message (a refused connection): name them instead of printing "null". */
    private static String why(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private String text(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new WardenException(ErrorCode.UNAVAILABLE, "cannot reach Warden at " + baseUrl + " (from " + source
                    + "): " + why(e) + "; is `warden run` running there? --url, $WARDEN_URL or --config say where");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(ErrorCode.FAILED, "interrupted");
        }
        if (response.statusCode() >= 400) {
            JsonObject body = response.body().isBlank() ? new JsonObject() : new JsonObject(response.body());
            ErrorCode code = switch (response.statusCode()) {
                case 400 -> ErrorCode.BAD_USAGE;
                case 404 -> ErrorCode.NOT_FOUND;
                case 409 -> ErrorCode.BUSY;
                default -> ErrorCode.FAILED;
            };
            throw new WardenException(code, body.getString("error", "HTTP " + response.statusCode()));
        }
        return response.body();
    }
}
