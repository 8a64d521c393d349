package dev.warden.daemon.alert;

import dev.warden.config.HttpUrl;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Alertmanager: every delivery posts every tracked alert to {@code /api/v2/alerts}, firing ones
 * ending 4 resend intervals later, resolved ones ending when they were resolved.
 */
final class AlertmanagerReceiver extends Receiver {
    private static final Logger log = LoggerFactory.getLogger(AlertmanagerReceiver.class);

    private final HttpUrl url;
    private final HttpPost http;
    private final Supplier<List<AlertEntry>> entries;
    private final AlertOutbox outbox;
    private final AlertMetrics metrics;
    private final Clock clock;
    private final Duration expiry;

    AlertmanagerReceiver(HttpUrl url, HttpPost http, Supplier<List<AlertEntry>> entries, AlertOutbox outbox,
                         AlertMetrics metrics, Clock clock, Duration expiry) {
        super(url.redacted());
        this.url = url;
        this.http = http;
        this.entries = entries;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
        this.expiry = expiry;
    }

    @Override
    Future<Void> deliver() {
        List<AlertEntry> batch = entries.get();
        if (batch.isEmpty()) {
            return Future.succeededFuture();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Long> versions = new LinkedHashMap<>();
        batch.forEach(entry -> versions.put(entry.key(), entry.version()));
        return http.send(url, "/api/v2/alerts", Map.of(), AlertJson.alertmanager(batch, now, expiry).toBuffer())
                .onSuccess(v -> {
                    long firing = batch.stream().filter(AlertEntry::firing).count();
                    metrics.sent(name(), AlertStatus.FIRING, (int) firing);
                    metrics.sent(name(), AlertStatus.RESOLVED, batch.size() - (int) firing);
                    record(versions, now, null);
                })
                .onFailure(e -> {
                    metrics.failed(name());
                    record(versions, now, describe(e));
                });
    }

    /** Bookkeeping only: a failure to record is logged and never blocks delivery. */
    private void record(Map<String, Long> versions, Instant at, String error) {
        outbox.attempted(name(), versions, at, error).onFailure(e ->
                log.debug("Could not record the delivery to {}: {}", name(), e.getMessage()));
    }
}
