package dev.warden.daemon.cluster;

import dev.warden.daemon.metrics.WardenMetrics;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;

/**
 * What a scrape of a cluster node shows of the cluster: how many members it sees, which targets it watches,
 * how many targets other nodes watch too.
 */
final class ClusterMetrics {

    private ClusterMetrics() {
    }

    static void register(WardenMetrics metrics, Ownership ownership) {
        GaugeWithCallback.builder().name("warden_cluster_members")
                .help("Live Warden nodes in the cluster as this node sees them, itself included.")
                .callback(callback -> callback.call(ownership.members().size()))
                .register(metrics.registry());
        GaugeWithCallback.builder().name("warden_target_owned")
                .help("1 when this cluster node watches the target (it owns it and started it), else 0.")
                .labelNames("target")
                .callback(callback -> ownership.targets()
                        .forEach(target -> callback.call(ownership.watching(target) ? 1 : 0, target)))
                .register(metrics.registry());
    }

    static void register(WardenMetrics metrics, SplitBrainWatch splitBrain) {
        GaugeWithCallback.builder().name("warden_cluster_double_watched_targets")
                .help("Targets that two or more cluster nodes watch at once, as this node reads it from the state"
                        + " database (each node records what it watches every heartbeat interval).")
                .callback(callback -> callback.call(splitBrain.doubleWatched()))
                .register(metrics.registry());
    }
}
