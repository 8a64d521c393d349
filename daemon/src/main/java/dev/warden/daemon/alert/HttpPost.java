package dev.warden.daemon.alert;

import dev.warden.config.HttpUrl;
import dev.warden.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One bounded JSON POST; anything but a 2xx answer is a failure whose message says what came back. */
final class HttpPost {
    private static final int MAX_ERROR_BODY = 200;

    private final WebClient client;
    private final Duration timeout;

    HttpPost(WebClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    Future<Void> send(HttpUrl url, String path, Map<String, Secret> headers, Buffer json) {
        HttpRequest<Buffer> request = client.postAbs(path.isEmpty() ? url.url() : url.resolve(path))
                .connectTimeout(timeout.toMillis())
                .timeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json");
        url.user().ifPresent(user -> request.basicAuthentication(user, url.password().reveal()));
        headers.forEach((name, value) -> request.putHeader(name, value.reveal()));
        // The request's own timeouts bound each phase; this bounds the whole exchange.
        return request.sendBuffer(json)
                .timeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS)
                .compose(HttpPost::accepted);
    }

    private static Future<Void> accepted(HttpResponse<Buffer> response) {
        if (response.statusCode() / 100 == 2) {
            return Future.succeededFuture();
        }
        String body = response.bodyAsString() == null ? "" : response.bodyAsString().strip();
        if (body.length() > MAX_ERROR_BODY) {
            body = body.substring(0, MAX_ERROR_BODY) + "...";
        }
        return Future.failedFuture(new IllegalStateException("HTTP " + response.statusCode()
                + (body.isEmpty() ? "" : ": " + Alert.scrub(body))));
    }
}
