package dev.warden.daemon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.config.ClusterConfig;
import dev.warden.config.ConfigLoader;
import dev.warden.config.ServerConfig;
import dev.warden.config.WardenConfig;
import dev.warden.daemon.grafana.RepositoryFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes/warden.yaml (issue 16) matches what Warden listens on and serves, and its config loads. */
class KubernetesManifestTest {
    private static final Path MANIFEST = RepositoryFiles.root().resolve("deploy/kubernetes/warden.yaml");

    @Test
    void shouldProbeWardensHealthOnItsDefaultPorts() throws Exception {
        JsonNode container = kind("StatefulSet").path("spec").path("template").path("spec").path("containers").get(0);

        assertThat(port(container, "http")).isEqualTo(ServerConfig.DEFAULT_PORT);
        assertThat(port(container, "cluster")).isEqualTo(ClusterConfig.DEFAULT_PORT);
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
        assertThat(container.at("/env/0/name").asText()).as("the pod's name is the node's name").isEqualTo("HOSTNAME");
        assertThat(container.at("/env/0/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
    }

    @Test
    void shouldCarryAConfigThatLoadsAndFindsTheMembersThroughTheHeadlessService() throws Exception {
        JsonNode statefulSet = kind("StatefulSet");
        JsonNode headless = documents().stream()
                .filter(d -> d.path("kind").asText().equals("Service")
                        && d.at("/metadata/name").asText().equals(statefulSet.at("/spec/serviceName").asText()))
                .findFirst().orElseThrow();
        String namespace = statefulSet.at("/metadata/namespace").asText();

        WardenConfig config = ConfigLoader.parse(kind("ConfigMap").at("/data/warden.yaml").asText(), "warden.yaml",
                Map.of("WARDEN_TOKEN", "t0k3n", "HOSTNAME", "warden-1"));

        assertThat(config.server().port()).isEqualTo(ServerConfig.DEFAULT_PORT);
        assertThat(config.server().host()).as("reachable by the kubelet's probes").isEqualTo("0.0.0.0");
        assertThat(config.cluster().enabled()).isTrue();
        assertThat(config.cluster().nodeName()).isEqualTo("warden-1");
        assertThat(config.cluster().port()).isEqualTo(ClusterConfig.DEFAULT_PORT);
        assertThat(config.cluster().kubernetesServiceDns())
                .contains(headless.at("/metadata/name").asText() + "." + namespace + ".svc.cluster.local");
        assertThat(headless.at("/spec/clusterIP").asText()).isEqualTo("None");
        assertThat(headless.at("/spec/publishNotReadyAddresses").asBoolean()).as("starting nodes find each other")
                .isTrue();
        assertThat(headless.at("/spec/ports/0/port").asInt()).isEqualTo(ClusterConfig.DEFAULT_PORT);
    }

    private static int port(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    private static JsonNode kind(String kind) throws Exception {
        return documents().stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    private static List<JsonNode> documents() throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = new YAMLMapper().createParser(MANIFEST.toFile())) {
            new YAMLMapper().readValues(parser, JsonNode.class).forEachRemaining(documents::add);
        }
        return documents;
    }
}
