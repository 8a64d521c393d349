package dev.warden.checks.builtin;

import dev.warden.config.HttpEndpoint;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import java.net.URI;
import java.util.Map;

/**
 * One GET of a health endpoint. The application not answering (refused, reset, no answer in time,
 * TLS failure, unknown host) is its failure: a breach. A problem on Warden's side (a URL the client
 * rejects) gives no verdict. The body is discarded; redirects are not followed, so the status is the
 * endpoint's own.
 */
record EndpointProbe(HttpEndpoint endpoint, Outcome outcome, Integer status, Long latencyMs, String detail) {
    enum Outcome { OK, WRONG_STATUS, SLOW, DOWN, SKIPPED }

    static Future<EndpointProbe> probe(WebClient client, HttpEndpoint endpoint) {
        long start = System.nanoTime();
        Future<EndpointProbe> sent;
        try {
            sent = client.getAbs(endpoint.url().toString()).as(BodyCodec.none())
                    .timeout(endpoint.timeout().toMillis()).send()
                    .map(response -> judge(endpoint, response.statusCode(), elapsedMs(start)));
        } catch (RuntimeException e) {
            return Future.succeededFuture(new EndpointProbe(endpoint, Outcome.SKIPPED, null, null,
                    "Warden could not send the request: " + e.getMessage()));
        }
        return sent.recover(failure -> Future.succeededFuture(failed(endpoint, failure, elapsedMs(start))));
    }

    private static EndpointProbe judge(HttpEndpoint endpoint, int status, long latencyMs) {
        if (status != endpoint.expectedStatus()) {
            return new EndpointProbe(endpoint, Outcome.WRONG_STATUS, status, latencyMs,
                    "answered " + status + ", expected " + endpoint.expectedStatus());
        }
        if (latencyMs > endpoint.latencyBudget().toMillis()) {
            return new EndpointProbe(endpoint, Outcome.SLOW, status, latencyMs,
                    "answered in " + latencyMs + " ms, budget " + endpoint.latencyBudget().toMillis() + " ms");
        }
        return new EndpointProbe(endpoint, Outcome.OK, status, latencyMs, null);
    }

    private static EndpointProbe failed(HttpEndpoint endpoint, Throwable failure, long latencyMs) {
        if (failure instanceof IllegalArgumentException) {
            return new EndpointProbe(endpoint, Outcome.SKIPPED, null, null,
                    "Warden could not send the request: " + failure.getMessage());
        }
        return new EndpointProbe(endpoint, Outcome.DOWN, null, latencyMs,
                "no answer: " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    Map<String, Object> toEvidence() {
        return Evidence.of("name", endpoint.name(), "url", withoutCredentials(endpoint.url()), "outcome", outcome.name(),
                "status", status, "expected_status", endpoint.expectedStatus(), "latency_ms", latencyMs,
                "detail", detail);
    }

    /** user:password@ in a URL never reaches evidence, logs or alerts. */
    static String withoutCredentials(URI url) {
        if (url.getRawUserInfo() == null) {
            return url.toString();
        }
        return url.toString().replace(url.getRawUserInfo() + "@", "");
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
