package dev.warden.daemon.alert;

import dev.warden.config.AlertingConfig;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Warden's alerts: what the rest of Warden calls to {@link #fire} and {@link #resolve}, and the
 * delivery to every Alertmanager and webhook. Every state change goes to the outbox in the state
 * database before it is sent, and the outbox is loaded at start, so that a restart or a receiver's
 * outage loses nothing. A periodic timer re-sends every tracked alert to each Alertmanager and retries
 * webhooks. Deploy it as a verticle; its methods may be called from any thread, even before it started.
 */
public final class Alerts extends VerticleBase {
    private final AlertingConfig config;
    private final AlertOutbox outbox;
    private final Clock clock;
    private final Supplier<String> wardenBaseUrl;
    private final Promise<Void> started = Promise.promise();
    private final AlertBook book;

    private WebClient client;
    private long timer = -1;
    private boolean stopping;

    /** Alerts without Warden's HTTP server: they link runbooks only when {@code runbook_base_url} is set. */
    public Alerts(AlertingConfig config, StateStore state, WardenMetrics metrics, Clock clock) {
        this(config, state, metrics, clock, () -> "");
    }

    /**
     * {@code wardenBaseUrl} is where Warden's HTTP server answers (such as {@code http://warden.internal:9746}),
     * asked once at start: it serves the runbooks alerts link to unless {@code runbook_base_url} is set.
     */
    public Alerts(AlertingConfig config, StateStore state, WardenMetrics metrics, Clock clock,
                  Supplier<String> wardenBaseUrl) {
        this.config = config;
        this.wardenBaseUrl = wardenBaseUrl;
        this.outbox = new AlertOutbox(state);
        this.clock = clock;
        this.book = new AlertBook(config, outbox, new AlertMetrics(metrics), clock);
    }

    /**
     * Fires the alert, or refreshes it when it already fires (same labels): its start stays, newer
     * annotations replace the old ones. A firing alert keeps being sent until {@link #resolve}d.
     */
    public Future<Void> fire(Alert alert) {
        return onContext(() -> book.fire(alert));
    }

    /** Resolves the alert with this {@link Alert#key()}; false when no such alert was firing. */
    public Future<Boolean> resolve(String key) {
        return onContext(() -> book.resolve(key));
    }

    /** Resolves every firing alert of that name whose labels include {@code labels}; returns how many. */
    public Future<Integer> resolveMatching(String alertname, Map<String, String> labels) {
        return onContext(() -> book.resolveMatching(alertname, labels));
    }

    /** The alerts tracked now: firing ones and those resolved less than {@code resolved_resend_for} ago. */
    public Future<List<AlertEntry>> current() {
        return onContext(() -> Future.succeededFuture(book.entries()));
    }

    @Override
    public Future<?> start() {
        client = WebClient.create(vertx, new WebClientOptions().setUserAgent("warden"));
        HttpPost http = new HttpPost(client, config.timeout());
        List<AlertmanagerReceiver> alertmanagers = config.alertmanagers().stream().map(url -> new AlertmanagerReceiver(
                url, http, book::entries, outbox, book.metrics(), clock, config.resendInterval(), config.expiry())).toList();
        List<WebhookReceiver> webhooks = config.webhooks().stream().map(hook -> new WebhookReceiver(
                hook, http, book::entry, outbox, book.metrics(), clock)).toList();
        Receivers receivers = new Receivers(alertmanagers, webhooks, book.metrics());
        return book.load(receivers, config.runbooks(wardenBaseUrl.get()))
                .onSuccess(v -> {
                    timer = vertx.setPeriodic(config.resendInterval().toMillis(), id -> book.tick());
                    book.tick();
                    started.complete();
                })
                .onFailure(started::fail);
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        // Changes under way reach the outbox; sends in flight are dropped with the client (the next start
        // sends every firing alert again from the outbox).
        // Never fails: a failed undeploy would keep the rest of Warden from stopping.
        return book.stop().timeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .transform(ar -> {
                    client.close();
                    return Future.succeededFuture();
                });
    }

    private <T> Future<T> onContext(Supplier<Future<T>> operation) {
        return started.future().compose(v -> {
            Promise<T> result = Promise.promise();
            context.runOnContext(x -> {
                if (stopping) {
                    result.fail(new IllegalStateException("alerts are stopping"));
                } else {
                    operation.get().onComplete(result);
                }
            });
            return result.future();
        });
    }

    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
