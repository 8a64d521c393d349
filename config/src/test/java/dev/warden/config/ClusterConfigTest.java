package dev.warden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.config.schema.Problem;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {
    private static final String TARGET = "targets: [{name: orders, url: \"postgres://h/orders\"}]\n";

    @Test
    void shouldBeOffByDefaultWithoutAskingForANodeName() {
        ClusterConfig cluster = ConfigLoader.parse(TARGET, "f", Map.of()).cluster();

        assertThat(cluster.enabled()).isFalse();
        assertThat(cluster.nodeName()).isEmpty();
        assertThat(cluster.members()).isEmpty();
        assertThat(cluster.kubernetesServiceDns()).isEmpty();
        assertThat(cluster.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(cluster.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(cluster.weight()).isEqualTo(1);
        assertThat(cluster.port()).isEqualTo(5701);
    }

    @Test
    void shouldReadMembersWithAndWithoutPorts() {
        ClusterConfig cluster = ConfigLoader.parse(TARGET + """
                cluster:
                  enabled: true
                  node_name: warden-a
                  host: 10.0.0.5
                  port: 5801
                  members: [10.0.0.5, "10.0.0.6:5802", "warden-c.internal", "[::1]:5803"]
                  heartbeat_interval: 2s
                  heartbeat_timeout: 10s
                  weight: 3
                """, "f", Map.of()).cluster();

        assertThat(cluster.enabled()).isTrue();
        assertThat(cluster.nodeName()).isEqualTo("warden-a");
        assertThat(cluster.host()).isEqualTo("10.0.0.5");
        assertThat(cluster.members()).extracting(ClusterConfig.Member::toString)
                .containsExactly("10.0.0.5:5801", "10.0.0.6:5802", "warden-c.internal:5801", "[::1]:5803");
        assertThat(cluster.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(cluster.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(cluster.weight()).isEqualTo(3);
    }

    @Test
    void shouldNameTheNodeAfterHostnameWhenNotGiven() {
        ClusterConfig cluster = ConfigLoader.parse(TARGET + """
                cluster: {enabled: true, kubernetes: {service_dns: warden.monitoring.svc.cluster.local}}
                """, "f", Map.of("HOSTNAME", "warden-2")).cluster();

        assertThat(cluster.nodeName()).isEqualTo("warden-2");
        assertThat(cluster.kubernetesServiceDns()).isEqualTo(Optional.of("warden.monitoring.svc.cluster.local"));
    }

    @Test
    void shouldReportEveryProblemWithItsFullKey() {
        assertThatThrownBy(() -> ConfigLoader.parse(TARGET + """
                cluster:
                  enabled: true
                  node_name: "warden a"
                  members: ["10.0.0.6:99999", "bad host", "h:x"]
                  kubernetes: {service_dns: warden.svc}
                  heartbeat_interval: 1500ms
                  heartbeat_timeout: 2s
                  weight: 0
                  heartbeats: 1
                """, "f", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(Problem::toString)
                        .containsExactlyInAnyOrder(
                                "cluster.heartbeats: unknown key, expected one of [enabled, node_name, host, port, members,"
                                        + " heartbeat_interval, heartbeat_timeout, weight, kubernetes]",
                                "cluster.node_name: expected a name of letters, digits, '.', '_' and '-' (at most 63),"
                                        + " found \"warden a\"",
                                "cluster.members[0]: expected a port from 1 to 65535 in \"10.0.0.6:99999\"",
                                "cluster.members[1]: expected a host name (such as db.internal) or an IP address (such as"
                                        + " 10.0.0.5 or ::1), found \"bad host\"",
                                "cluster.members[2]: expected host or host:port, found \"h:x\"",
                                "cluster.members: expected either cluster.members or cluster.kubernetes.service_dns,"
                                        + " found both",
                                "cluster.heartbeat_interval: expected whole seconds, found 1500 ms",
                                "cluster.heartbeat_timeout: expected more than twice heartbeat_interval (1 s), found 2 s:"
                                        + " one late heartbeat would drop a live node",
                                "cluster.weight: expected an integer from 1 to 1000, found 0"));
    }
}
