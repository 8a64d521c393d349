package dev.warden.config;

import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The application's health endpoints, requested on a schedule. */
public record HttpHealthConfig(CheckSchedule schedule, List<HttpEndpoint> endpoints) {
    static final CheckSchedule.Keys RUN =
            CheckSchedule.listKeys("endpoints", Duration.ofSeconds(30), Duration.ofSeconds(20));

    static final Section SECTION = Section.of("http_health", "Application health endpoints.",
            RUN.all(), List.of(HttpEndpoint.SECTION));

    public HttpHealthConfig {
        endpoints = List.copyOf(endpoints);
    }

    static HttpHealthConfig read(Node node) {
        List<HttpEndpoint> endpoints = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Node> items = node.list(HttpEndpoint.SECTION);
        for (int i = 0; i < items.size(); i++) {
            HttpEndpoint endpoint = HttpEndpoint.read(items.get(i));
            if (endpoint.name() != null && !names.add(endpoint.name())) {
                node.problem(HttpEndpoint.SECTION.name() + "[" + i + "].name",
                        "expected a unique name, found \"" + endpoint.name() + "\" again");
            }
            endpoints.add(endpoint);
        }
        return new HttpHealthConfig(CheckSchedule.read(node, RUN, !endpoints.isEmpty()), endpoints);
    }
}
