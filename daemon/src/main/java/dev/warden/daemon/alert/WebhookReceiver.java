package dev.warden.daemon.alert;

import dev.warden.config.HttpUrl;
import dev.warden.config.WebhookConfig;
import io.vertx.core.Future;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON webhook, told about state changes (fired, resolved). Each change waits in {@code pending}
 * (and in the outbox) until the webhook accepted it; when several changes of one alert wait, only the
 * latest state is sent. Its name shows the host only: a webhook's path is often its secret (Slack).
 */
final class WebhookReceiver extends Receiver {
    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

    private final WebhookConfig webhook;
    private final HttpPost http;
    private final Function<String, AlertEntry> lookup;
    private final Predicate<String> sends;
    private final AlertOutbox outbox;
    private final AlertMetrics metrics;
    private final Clock clock;
    private final Map<String, Long> pending = new LinkedHashMap<>();

    /**
     * @param sends whether this node may send the alert now (a cluster node: it holds its claim); a change it
     *              may not send stays owed, here and in the outbox
     */
    WebhookReceiver(WebhookConfig webhook, HttpPost http, Function<String, AlertEntry> lookup, Predicate<String> sends,
                    AlertOutbox outbox, AlertMetrics metrics, Clock clock) {
        super(name(webhook.url()));
        this.webhook = webhook;
        this.http = http;
        this.lookup = lookup;
        this.sends = sends;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    static String name(HttpUrl url) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.url().getBytes(StandardCharsets.UTF_8));
            return "webhook " + URI.create(url.url()).getAuthority() + "#" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void changed(AlertEntry entry) {
        pending.put(entry.key(), entry.version());
    }

    void forget(String key) {
        pending.remove(key);
    }

    boolean pending(String key) {
        return pending.containsKey(key);
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    @Override
    Future<Void> deliver() {
        Future<Void> chain = Future.succeededFuture();
        for (String key : List.copyOf(pending.keySet())) {
            chain = chain.compose(v -> deliver(key));
        }
        return chain;
    }

    /** Sends the alert's current state; the first failure ends the round (the rest wait for the next tick). */
    private Future<Void> deliver(String key) {
        AlertEntry entry = lookup.apply(key);
        if (entry == null) {
            pending.remove(key);
            return Future.succeededFuture();
        }
        if (!sends.test(key)) {
            return Future.succeededFuture();
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return http.send(webhook.url(), "", webhook.headers(), AlertJson.webhook(entry).toBuffer())
                .onSuccess(v -> {
                    pending.computeIfPresent(key, (k, waiting) -> waiting <= entry.version() ? null : waiting);
                    metrics.sent(name(), entry.status(), 1);
                    record(key, entry.version(), at, null);
                })
                .onFailure(e -> {
                    metrics.failed(name());
                    record(key, entry.version(), at, describe(e));
                });
    }

    private void record(String key, long version, Instant at, String error) {
        outbox.attempted(name(), Map.of(key, version), at, error).onFailure(e ->
                log.debug("Could not record the delivery to {}: {}", name(), e.getMessage()));
    }
}
