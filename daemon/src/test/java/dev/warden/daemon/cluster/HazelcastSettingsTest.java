package dev.warden.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.warden.config.ClusterConfig;
import dev.warden.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hazelcast is configured from Warden's cluster section alone: no multicast, no phone-home, the heartbeats asked for. */
class HazelcastSettingsTest {
    private static final String TARGET = "targets: [{name: orders, url: \"postgres://h/orders\"}]\n";

    @Test
    void shouldJoinOnlyTheListedMembersWithTheConfiguredHeartbeats() {
        Config config = HazelcastSettings.of(cluster("""
                cluster:
                  enabled: true
                  node_name: warden-a
                  host: 10.0.0.5
                  port: 5801
                  members: ["10.0.0.5", "10.0.0.6:5802"]
                  heartbeat_interval: 2s
                  heartbeat_timeout: 9s
                  weight: 3
                """));
        JoinConfig join = config.getNetworkConfig().getJoin();

        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.5:5801", "10.0.0.6:5802");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
        assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
        assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("2");
        assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("9");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("10.0.0.5");
        assertThat(config.getMemberAttributeConfig().getAttribute(HazelcastSettings.NODE_NAME)).isEqualTo("warden-a");
        assertThat(config.getMemberAttributeConfig().getAttribute(HazelcastSettings.WEIGHT)).isEqualTo("3");
        assertThat(config.getMultiMapConfig("__vertx.subs").getValueCollectionType().name()).isEqualTo("SET");
    }

    @Test
    void shouldFindTheMembersThroughKubernetesDnsWhenAsked() {
        Config config = HazelcastSettings.of(cluster("""
                cluster:
                  enabled: true
                  host: 0.0.0.0
                  kubernetes: {service_dns: warden-cluster.monitoring.svc.cluster.local}
                """));
        JoinConfig join = config.getNetworkConfig().getJoin();

        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
        assertThat(join.getKubernetesConfig().getProperty("service-dns"))
                .isEqualTo("warden-cluster.monitoring.svc.cluster.local");
        assertThat(config.getProperty("hazelcast.local.localAddress")).as("any address: Hazelcast picks the pod's").isNull();
    }

    private static ClusterConfig cluster(String yaml) {
        return ConfigLoader.parse(TARGET + yaml, "f", Map.of("HOSTNAME", "warden-0")).cluster();
    }
}
