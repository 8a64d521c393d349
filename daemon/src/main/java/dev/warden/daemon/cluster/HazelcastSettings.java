package dev.warden.daemon.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import dev.warden.config.ClusterConfig;

/**
 * Hazelcast's configuration, built here from Warden's cluster section and nothing else: no
 * hazelcast.xml on the class path or in the working folder is read, multicast and auto-detection are
 * off (a node joins only the members it is told of), and nothing phones home.
 */
final class HazelcastSettings {
    /** The member attributes every node publishes: what ownership is computed from. */
    static final String NODE_NAME = "warden.node";
    static final String WEIGHT = "warden.weight";
    private static final String CLUSTER_NAME = "warden";

    private HazelcastSettings() {
    }

    static Config of(ClusterConfig cluster) {
        Config config = new Config();
        config.setClusterName(CLUSTER_NAME);
        config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
        config.setProperty(ClusterProperty.LOGGING_TYPE.getName(), "slf4j");
        // Warden leaves the cluster in its own shutdown, after its targets are stopped.
        config.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");
        long interval = cluster.heartbeatInterval().toSeconds();
        long timeout = cluster.heartbeatTimeout().toSeconds();
        config.setProperty(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS.getName(), Long.toString(interval));
        config.setProperty(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS.getName(), Long.toString(timeout));
        // A node that hung and came back finds itself alone: look for the others again every heartbeat
        // rather than Hazelcast's 2 to 5 minutes, so that the split heals in seconds.
        config.setProperty(ClusterProperty.MERGE_FIRST_RUN_DELAY_SECONDS.getName(), Long.toString(timeout));
        config.setProperty(ClusterProperty.MERGE_NEXT_RUN_DELAY_SECONDS.getName(), Long.toString(interval));
        // A first node should not wait long for others that may not be started yet.
        config.setProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName(), "1");
        config.setProperty(ClusterProperty.MAX_WAIT_SECONDS_BEFORE_JOIN.getName(), "3");
        if (!isWildcard(cluster.host())) {
            config.setProperty("hazelcast.local.localAddress", cluster.host());
        }
        config.getMemberAttributeConfig().setAttribute(NODE_NAME, cluster.nodeName());
        config.getMemberAttributeConfig().setAttribute(WEIGHT, Integer.toString(cluster.weight()));

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(cluster.port()).setPortAutoIncrement(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        cluster.kubernetesServiceDns().ifPresentOrElse(dns -> join.getKubernetesConfig().setEnabled(true)
                        .setProperty("service-dns", dns)
                        .setProperty("service-port", Integer.toString(cluster.port())),
                () -> {
                    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
                    cluster.members().forEach(member -> join.getTcpIpConfig().addMember(member.toString()));
                });

        // What Vert.x's own default-cluster.xml declares for the event bus's registrations.
        config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
        config.getMapConfig("__vertx.haInfo").setBackupCount(1);
        config.getMapConfig("__vertx.nodeInfo").setBackupCount(1);
        return config;
    }

    static boolean isWildcard(String host) {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
    }
}
