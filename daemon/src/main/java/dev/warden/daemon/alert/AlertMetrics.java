package dev.warden.daemon.alert;

import dev.warden.daemon.metrics.WardenMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Delivery counters per receiver, the number of firing alerts per target, and on a cluster node the alerts it holds. */
final class AlertMetrics {
    private final Counter sent;
    private final Counter failures;
    private final Gauge firing;
    /** Cluster nodes only: the alerts this node holds the claim of. */
    private final Gauge held;
    private final Set<String> targetsSeen = new HashSet<>();

    AlertMetrics(WardenMetrics metrics, boolean clusterNode) {
        sent = Counter.builder().withoutExemplars().name("warden_alerts_sent_total")
                .help("Alerts a receiver accepted, by receiver and the alert's status (firing, resolved).")
                .labelNames("receiver", "status").register(metrics.registry());
        failures = Counter.builder().withoutExemplars().name("warden_alert_send_failures_total")
                .help("Requests to a receiver (Alertmanager or webhook) that failed; they are retried.")
                .labelNames("receiver").register(metrics.registry());
        firing = Gauge.builder().withoutExemplars().name("warden_alerts_firing")
                .help("Alerts Warden has firing, by target.").labelNames("target").register(metrics.registry());
        held = !clusterNode ? null : Gauge.builder().withoutExemplars().name("warden_alerts_held")
                .help("Alerts this cluster node sends: it holds their claim in the shared outbox (firing, or resolved"
                        + " and still re-sent).").register(metrics.registry());
    }

    void held(int alerts) {
        if (held != null) {
            held.set(alerts);
        }
    }

    /** Series start at zero so that rate() and increase() see the first delivery. */
    void receiver(String receiver) {
        for (AlertStatus status : AlertStatus.values()) {
            sent.labelValues(receiver, status.label());
        }
        failures.labelValues(receiver);
    }

    void sent(String receiver, AlertStatus status, int alerts) {
        sent.labelValues(receiver, status.label()).inc(alerts);
    }

    void failed(String receiver) {
        failures.labelValues(receiver).inc();
    }

    /** Sets the gauge from the alerts now tracked; a target whose alerts all resolved goes back to 0. */
    void firing(Collection<AlertEntry> entries) {
        Map<String, Integer> counts = new HashMap<>();
        targetsSeen.forEach(target -> counts.put(target, 0));
        entries.stream().filter(AlertEntry::firing)
                .forEach(entry -> counts.merge(entry.alert().label("target"), 1, Integer::sum));
        counts.forEach((target, count) -> firing.labelValues(target).set(count));
        targetsSeen.addAll(counts.keySet());
    }
}
