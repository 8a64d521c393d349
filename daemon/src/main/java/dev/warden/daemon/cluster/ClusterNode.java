package dev.warden.daemon.cluster;

import dev.warden.config.ClusterConfig;
import dev.warden.daemon.alert.Alerts;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.schedule.WardenScheduler;
import dev.warden.daemon.state.StateStore;
import dev.warden.daemon.watch.WatchedTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This Warden as one node of a cluster: Vert.x started clustered on the Hazelcast cluster manager,
 * and the targets this node owns watched. Only built when {@code cluster.enabled}; a lone Warden never
 * loads a Hazelcast class.
 */
public final class ClusterNode {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private final ClusterConfig config;
    private final Vertx vertx;
    private final HazelcastMembership membership;
    private Ownership ownership;

    private ClusterNode(ClusterConfig config, Vertx vertx, HazelcastMembership membership) {
        this.config = config;
        this.vertx = vertx;
        this.membership = membership;
    }

    /** Starts Vert.x as a member; completes once this node has joined (or formed) the cluster. */
    public static Future<ClusterNode> join(ClusterConfig config) {
        HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSettings.of(config));
        VertxOptions options = new VertxOptions();
        // The event bus listens beside the member, on a free port of the same address.
        if (!HazelcastSettings.isWildcard(config.host())) {
            options.getEventBusOptions().setHost(config.host());
        }
        options.getEventBusOptions().setPort(0);
        log.info("Joining the Warden cluster as {} on {}:{} ({})", config.nodeName(), config.host(), config.port(),
                config.kubernetesServiceDns().map(dns -> "members from DNS " + dns)
                        .orElse("members " + config.members()));
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                .map(vertx -> new ClusterNode(config, vertx,
                        new HazelcastMembership(manager.getHazelcastInstance(), config.nodeName())));
    }

    public Vertx vertx() {
        return vertx;
    }

    /**
     * Watches the targets this node owns from now on, following every membership change; checks and
     * snapshots of an owned target start once {@code stateReady} completes, and then the rollback of it a
     * dead node left running is resumed and the decisions about it that node did not see through are
     * carried out ({@code resumeRollbacks}).
     */
    public ClusterView own(List<WatchedTarget> targets, WardenScheduler scheduler, Future<Void> stateReady,
                           WardenMetrics metrics, Function<String, Future<Boolean>> resumeRollbacks) {
        OwnedTargets handover = new OwnedTargets(vertx, scheduler, targets, stateReady, metrics, resumeRollbacks,
                config.heartbeatTimeout());
        Ownership ownership = new Ownership(vertx.getOrCreateContext(), membership,
                targets.stream().map(WatchedTarget::name).toList(), handover);
        ClusterMetrics.register(metrics, ownership);
        ownership.start();
        this.ownership = ownership;
        // A freeze as long as the heartbeat timeout got this node dropped: step back for long enough that
        // Hazelcast here notices and merges back (one timeout and a few merge rounds).
        Duration pause = config.heartbeatTimeout().multipliedBy(2);
        HangWatch.start(vertx, config.heartbeatTimeout(), hang -> ownership.stepBack(hang, pause));
        log.info("Cluster node {} (weight {}) follows the ownership of {} targets", config.nodeName(), config.weight(),
                targets.size());
        return ownership;
    }

    /**
     * The verticle that records in the state database which targets this node watches and alerts on
     * targets two nodes watch for longer than the heartbeat timeout; after {@link #own}. Deploy it after
     * the alerts: undeploying it removes this node's rows.
     */
    public VerticleBase splitBrainWatch(StateStore state, Alerts alerts, WardenMetrics metrics) {
        SplitBrainWatch watch = new SplitBrainWatch(ownership, new Watchers(state), alerts, config.heartbeatInterval(),
                config.heartbeatTimeout());
        ClusterMetrics.register(metrics, watch);
        return watch;
    }
}
