package dev.warden.rollback.external;

import dev.warden.config.Redaction;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sends one {@link HttpRequestSettings} with its placeholders filled in. Messages name the method
 * and the URL (without credentials or query) and quote the start of the answer, with every header
 * value masked: tokens never reach a log, a journal note or an exception.
 */
public final class HttpCaller {
    private static final int MAX_BODY_IN_MESSAGE = 200;

    private final WebClient client;

    public HttpCaller(WebClient client) {
        this.client = client;
    }

    /** The answer to a call that answered 2xx; {@code extraHeaders} are Warden's own (Idempotency-Key), not secrets. */
    public Future<HttpResponse<Buffer>> send(HttpRequestSettings call, Map<String, String> values,
                                      Map<String, String> extraHeaders) {
        return exchange(call, values, extraHeaders).compose(response -> response.statusCode() / 100 == 2
                ? Future.succeededFuture(response)
                : Future.failedFuture(new IllegalStateException(describe(call, values) + " answered "
                        + response.statusCode() + start(response, secrets(call, values)))));
    }

    /** The answer, whatever its status; fails only when none came (refused, timed out, a bad URL). */
    public Future<HttpResponse<Buffer>> exchange(HttpRequestSettings call, Map<String, String> values,
                                          Map<String, String> extraHeaders) {
        String url;
        String body;
        try {
            url = Template.render(call.url(), values, Template::urlSegment);
            body = call.body() == null ? null : Template.render(call.body(), values, Template::json);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        List<String> secrets = secrets(call, values);
        String what = call.method() + " " + Redaction.url(url);
        HttpRequest<Buffer> request;
        try {
            request = client.requestAbs(HttpMethod.valueOf(call.method()), url)
                    .connectTimeout(call.timeout().toMillis())
                    .timeout(call.timeout().toMillis());
        } catch (RuntimeException e) {
            return Future.failedFuture(new IllegalArgumentException(what + " cannot be sent: "
                    + Redaction.mask(e.getMessage(), secrets)));
        }
        call.headers().forEach((name, value) -> request.putHeader(name, value.reveal()));
        extraHeaders.forEach(request::putHeader);
        if (body != null && !request.headers().contains("Content-Type")) {
            request.putHeader("Content-Type", "application/json");
        }
        Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
        // The request's timeouts bound each phase; this bounds the whole exchange.
        return sent.timeout(call.timeout().toMillis() * 2, TimeUnit.MILLISECONDS)
                .recover(e -> Future.failedFuture(new IllegalStateException(what + " failed: "
                        + Redaction.mask(String.valueOf(e.getMessage()), secrets))));
    }

    /** What to mask in messages about {@code call}: its header values, the credentials in its URL. */
    private static List<String> secrets(HttpRequestSettings call, Map<String, String> values) {
        List<String> secrets = new ArrayList<>(Redaction.values(call.headers()));
        try {
            secrets.addAll(Redaction.urlParts(Template.render(call.url(), values, Template::urlSegment)));
        } catch (IllegalArgumentException e) {
            secrets.addAll(Redaction.urlParts(call.url()));
        }
        return secrets;
    }

    /** {@code POST https://host/path}, for messages. */
    public static String describe(HttpRequestSettings call, Map<String, String> values) {
        try {
            return call.method() + " " + Redaction.url(Template.render(call.url(), values, Template::urlSegment));
        } catch (IllegalArgumentException e) {
            return call.method() + " " + Redaction.url(call.url());
        }
    }

    /** ": <the start of the answer>", masked; empty for an empty answer. */
    static String start(HttpResponse<Buffer> response, List<String> secrets) {
        String body = response.bodyAsString();
        if (body == null || body.isBlank()) {
            return "";
        }
        body = body.strip();
        body = body.length() > MAX_BODY_IN_MESSAGE ? body.substring(0, MAX_BODY_IN_MESSAGE) + "..." : body;
        return ": " + Redaction.mask(body, secrets);
    }
}
