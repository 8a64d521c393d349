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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warden's alerts: what the rest of Warden calls to {@link #fire} and {@link #resolve}, and the
 * delivery to every Alertmanager and webhook. Every state change goes to the outbox in the state
 * database before it is sent, and the outbox is loaded once the state store is open, so that a restart
 * or a receiver's outage loses nothing; changes wait for that load. Alerts about the state store itself
 * ({@link #fireUnsaved}) cannot wait for it: they are kept in memory only and sent from the start. A
 * periodic timer re-sends every tracked alert to each Alertmanager and retries webhooks. Deploy it as a
 * verticle; its methods may be called from any thread, even before it started.
 */
public final class Alerts extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    private final AlertingConfig config;
    private final AlertOutbox outbox;
    private final Clock clock;
    private final Supplier<String> wardenBaseUrl;
    private final StateStore state;
    /** The receivers exist and the resend timer runs. */
    private final Promise<Void> sending = Promise.promise();
    /** The outbox is loaded: saved alerts may change. */
    private final Promise<Void> loaded = Promise.promise();
    private final AlertBook book;
    private Future<Void> loading;

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
        this(config, state, metrics, clock, wardenBaseUrl, Optional.empty());
    }

    /**
     * {@code clusterNode}: this Warden is that node of a cluster sharing the state database (issue 16). It
     * then sends only the alerts it holds the claim of in the outbox, whichever node raised them, and takes
     * over those of a node that stopped renewing its claims (see {@link AlertClaims}).
     */
    public Alerts(AlertingConfig config, StateStore state, WardenMetrics metrics, Clock clock,
                  Supplier<String> wardenBaseUrl, Optional<String> clusterNode) {
        this.config = config;
        this.wardenBaseUrl = wardenBaseUrl;
        this.state = state;
        this.outbox = new AlertOutbox(state);
        this.clock = clock;
        AlertClaims claims = clusterNode.map(node -> new AlertClaims(state, node, clock, config.resendInterval(),
                config.timeout())).orElse(null);
        this.book = new AlertBook(config, outbox, new AlertMetrics(metrics, claims != null), clock, claims);
    }

    /**
     * Fires the alert, or refreshes it when it already fires (same labels): its start stays, newer
     * annotations replace the old ones. A firing alert keeps being sent until {@link #resolve}d.
     */
    public Future<Void> fire(Alert alert) {
        return onContext(loaded, () -> book.fire(alert, true));
    }

    /** Resolves the alert with this {@link Alert#key()}; false when no such alert was firing. */
    public Future<Boolean> resolve(String key) {
        return onContext(loaded, () -> book.resolve(key));
    }

    /**
     * Fires an alert kept out of the outbox, sent as soon as the receivers exist, without waiting for the
     * state store: for an alert about the state store itself. A restart forgets it; whoever fired it
     * fires it again if it still holds. Resolve it with {@link #resolveUnsaved}.
     */
    public Future<Void> fireUnsaved(Alert alert) {
        return onContext(sending, () -> book.fire(alert, false));
    }

    /** Resolves an alert fired with {@link #fireUnsaved}; false when it was not firing. */
    public Future<Boolean> resolveUnsaved(String key) {
        return onContext(sending, () -> book.resolve(key));
    }

    /**
     * The keys of the firing alerts of that name whose labels include {@code labels}. A cluster node reads
     * them from the shared outbox, whichever node raised them, without waiting for its own load of it.
     */
    public Future<List<String>> firing(String alertname, Map<String, String> labels) {
        return onContext(sending, () -> book.firing(alertname, labels));
    }

    /** Resolves every firing alert of that name whose labels include {@code labels}; returns how many. */
    public Future<Integer> resolveMatching(String alertname, Map<String, String> labels) {
        return onContext(loaded, () -> book.resolveMatching(alertname, labels));
    }

    /**
     * The alerts tracked now: firing ones and those resolved less than {@code resolved_resend_for} ago; on a
     * cluster node, those it sends.
     */
    public Future<List<AlertEntry>> current() {
        return onContext(loaded, () -> Future.succeededFuture(book.entries()));
    }

    @Override
    public Future<?> start() {
        client = WebClient.create(vertx, new WebClientOptions().setUserAgent("warden"));
        HttpPost http = new HttpPost(client, config.timeout());
        List<AlertmanagerReceiver> alertmanagers = config.alertmanagers().stream().map(url -> new AlertmanagerReceiver(
                url, http, book::sendable, outbox, book.metrics(), clock, config.resendInterval(), config.expiry())).toList();
        List<WebhookReceiver> webhooks = config.webhooks().stream().map(hook -> new WebhookReceiver(
                hook, http, book::entry, book::sends, outbox, book.metrics(), clock)).toList();
        Receivers receivers = new Receivers(alertmanagers, webhooks, book.metrics());
        book.attach(receivers, config.runbooks(wardenBaseUrl.get()));
        timer = vertx.setPeriodic(config.resendInterval().toMillis(), id -> {
            loadOutbox();
            book.tick();
        });
        sending.complete();
        loadOutbox();
        return Future.succeededFuture();
    }

    /** Once the state store is open; tried again on each tick until it worked. */
    private void loadOutbox() {
        if (loaded.future().isComplete() || loading != null || stopping) {
            return;
        }
        Promise<Void> attempt = Promise.promise();
        loading = attempt.future();
        // The store opens on another event loop: the book is only ever touched on this one.
        state.ready().onComplete(open -> context.runOnContext(x ->
                (open.succeeded() ? book.load() : Future.<Void>failedFuture(open.cause())).onComplete(attempt)));
        attempt.future()
                .onSuccess(v -> {
                    book.tick();
                    loaded.tryComplete();
                })
                .onFailure(e -> log.warn("Could not load the alert outbox ({}); trying again in {} ms",
                        Receiver.describe(e), config.resendInterval().toMillis()))
                .onComplete(done -> loading = null);
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        loaded.tryFail("alerts stopped before the outbox was loaded");
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

    private <T> Future<T> onContext(Promise<Void> ready, Supplier<Future<T>> operation) {
        return ready.future().compose(v -> {
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
