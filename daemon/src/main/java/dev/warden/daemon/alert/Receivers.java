package dev.warden.daemon.alert;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everyone alerts go to: each Alertmanager gets every tracked alert on every send (a resolved one as
 * firing until that Alertmanager took its firing state); each webhook gets the state changes it has not
 * accepted yet. Used from the alerts' event loop only.
 */
final class Receivers {
    private final List<AlertmanagerReceiver> alertmanagers;
    private final List<WebhookReceiver> webhooks;

    Receivers(List<AlertmanagerReceiver> alertmanagers, List<WebhookReceiver> webhooks, AlertMetrics metrics) {
        this.alertmanagers = List.copyOf(alertmanagers);
        this.webhooks = List.copyOf(webhooks);
        alertmanagers.forEach(receiver -> metrics.receiver(receiver.name()));
        webhooks.forEach(receiver -> metrics.receiver(receiver.name()));
    }

    /**
     * After a restart: what each Alertmanager had accepted, and the webhooks' notifications the outbox
     * says are still owed.
     */
    void restore(Map<String, Map<String, Long>> pendingByReceiver, Map<String, Map<String, Long>> deliveredByReceiver,
                 Function<String, AlertEntry> lookup) {
        for (AlertmanagerReceiver alertmanager : alertmanagers) {
            deliveredByReceiver.getOrDefault(alertmanager.name(), Map.of()).forEach((key, version) -> {
                AlertEntry entry = lookup.apply(key);
                if (entry != null) {
                    alertmanager.restore(entry, version);
                }
            });
        }
        for (WebhookReceiver webhook : webhooks) {
            pendingByReceiver.getOrDefault(webhook.name(), Map.of()).keySet().stream()
                    .map(lookup).filter(entry -> entry != null).forEach(webhook::changed);
        }
    }

    /** A state change (fired, resolved) every webhook has to be told about. */
    void changed(AlertEntry entry) {
        webhooks.forEach(webhook -> webhook.changed(entry));
    }

    /** Every webhook, as the outbox names them. */
    List<String> webhooks() {
        return webhooks.stream().map(Receiver::name).toList();
    }

    /** The webhooks still owed a notification about this alert, as the outbox names them. */
    List<String> owing(String key) {
        return webhooks.stream().filter(webhook -> webhook.pending(key)).map(Receiver::name).toList();
    }

    /** Sends this alert's change now: every Alertmanager, and the webhooks it concerns. */
    void send(String key) {
        alertmanagers.forEach(Receiver::request);
        webhooks.stream().filter(webhook -> webhook.pending(key)).forEach(Receiver::request);
    }

    /** The periodic resend: every Alertmanager, and the webhooks still owed something. */
    void resend() {
        alertmanagers.forEach(Receiver::request);
        webhooks.stream().filter(WebhookReceiver::hasPending).forEach(Receiver::request);
    }

    /** True when every Alertmanager took this resolved alert as resolved: it may be forgotten. */
    boolean settled(AlertEntry entry) {
        return alertmanagers.stream().allMatch(alertmanager -> alertmanager.settled(entry));
    }

    void forget(String key) {
        alertmanagers.forEach(alertmanager -> alertmanager.forget(key));
        webhooks.forEach(webhook -> webhook.forget(key));
    }

    /** No delivery starts after this. */
    void close() {
        alertmanagers.forEach(Receiver::close);
        webhooks.forEach(Receiver::close);
    }
}
