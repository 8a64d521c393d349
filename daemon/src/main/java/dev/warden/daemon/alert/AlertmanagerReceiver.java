package dev.warden.daemon.alert;

import dev.warden.config.HttpUrl;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Alertmanager: every delivery posts every tracked alert to {@code /api/v2/alerts}, firing ones
 * ending 4 resend intervals later, resolved ones ending when they were resolved.
 *
 * <p>Alertmanager never notifies about an alert it first hears of as resolved (its {@code endsAt} in the
 * past), and drops a firing alert resolved before its group's first notification. So a resolved alert
 * goes to an Alertmanager as resolved only once that Alertmanager accepted its firing state at least one
 * resend interval earlier (longer than a usual {@code group_wait}, so the firing notification goes out):
 * until then it is sent as still firing (its first start, {@code endsAt} in the future). A breach that
 * began and ended while this Alertmanager was unreachable thus arrives firing, then resolved.
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
    /** Per alert: the start of the firing state this Alertmanager accepted, and when it first did. */
    private final Map<String, Accepted> firingAccepted = new HashMap<>();
    /** Per alert: the latest version this Alertmanager accepted as it was (a resolved one as resolved). */
    private final Map<String, Long> delivered = new HashMap<>();
    private final Duration hold;

    private record Accepted(Instant startsAt, Instant at) {
    }

    AlertmanagerReceiver(HttpUrl url, HttpPost http, Supplier<List<AlertEntry>> entries, AlertOutbox outbox,
                         AlertMetrics metrics, Clock clock, Duration resendInterval, Duration expiry) {
        super(url.redacted());
        this.url = url;
        this.http = http;
        this.entries = entries;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
        this.expiry = expiry;
        this.hold = resendInterval;
    }

    /** After a restart: this Alertmanager had accepted {@code version} of the alert (from the outbox). */
    void restore(AlertEntry entry, long version) {
        delivered.merge(entry.key(), version, Math::max);
        if (version >= entry.beforeResolved().version()) {
            firingAccepted.put(entry.key(), new Accepted(entry.startsAt(), Instant.EPOCH));
        }
    }

    /** True when this Alertmanager took the resolved alert as resolved. */
    boolean settled(AlertEntry entry) {
        return !entry.firing() && delivered.getOrDefault(entry.key(), 0L) >= entry.version();
    }

    void forget(String key) {
        firingAccepted.remove(key);
        delivered.remove(key);
    }

    @Override
    Future<Void> deliver() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<AlertEntry> batch = entries.get().stream().map(entry -> asSent(entry, now)).toList();
        if (batch.isEmpty()) {
            return Future.succeededFuture();
        }
        Map<String, Long> versions = new LinkedHashMap<>();
        batch.forEach(entry -> versions.put(entry.key(), entry.version()));
        return http.send(url, "/api/v2/alerts", Map.of(), AlertJson.alertmanager(batch, now, expiry).toBuffer())
                .onSuccess(v -> {
                    long firing = batch.stream().filter(AlertEntry::firing).count();
                    metrics.sent(name(), AlertStatus.FIRING, (int) firing);
                    metrics.sent(name(), AlertStatus.RESOLVED, batch.size() - (int) firing);
                    batch.forEach(entry -> accepted(entry, now));
                    record(versions, now, null);
                })
                .onFailure(e -> {
                    metrics.failed(name());
                    record(versions, now, describe(e));
                });
    }

    /** The state to send: a resolved alert stays firing until its firing state was accepted a resend interval ago. */
    private AlertEntry asSent(AlertEntry entry, Instant now) {
        if (entry.firing()) {
            return entry;
        }
        Accepted firing = firingAccepted.get(entry.key());
        boolean firingTaken = firing != null && firing.startsAt().equals(entry.startsAt()) && !now.isBefore(firing.at().plus(hold));
        return firingTaken ? entry : entry.beforeResolved();
    }

    private void accepted(AlertEntry sent, Instant at) {
        delivered.merge(sent.key(), sent.version(), Math::max);
        if (sent.firing()) {
            // The first time this firing state was accepted counts; later re-sends do not move it.
            firingAccepted.compute(sent.key(), (key, before) -> before != null && before.startsAt().equals(sent.startsAt())
                    ? before : new Accepted(sent.startsAt(), at));
        }
    }

    /** Bookkeeping only: a failure to record is logged and never blocks delivery. */
    private void record(Map<String, Long> versions, Instant at, String error) {
        outbox.attempted(name(), versions, at, error).onFailure(e ->
                log.debug("Could not record the delivery to {}: {}", name(), e.getMessage()));
    }
}
