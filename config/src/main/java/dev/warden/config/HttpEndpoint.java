package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** One health endpoint of the application: it must answer {@code expectedStatus} within {@code latencyBudget}. */
public record HttpEndpoint(String name, URI url, int expectedStatus, Duration latencyBudget, Duration timeout) {
    static final Key<String> NAME = Key.required("name", Types.identifier(), "The endpoint's name in results and alerts.");
    static final Key<URI> URL = Key.required("url", Types.endpointUrl(), "http:// or https:// URL requested with GET.");
    static final Key<Integer> EXPECTED_STATUS = Key.of("expected_status", Types.integer(100, 599), 200,
            "The HTTP status a healthy application answers.");
    static final Key<Duration> LATENCY_BUDGET = Key.of("latency_budget", Types.duration(Duration.ofMillis(1)),
            Duration.ofSeconds(1), "An answer slower than this is a breach. Unset, never more than timeout.");
    static final Key<Duration> TIMEOUT = Key.of("timeout", Types.timeout(Duration.ofMillis(10)),
            Duration.ofSeconds(5), "How long to wait for an answer; no answer in time is a breach.");

    static final Section SECTION = Section.list("endpoints", "The health endpoints.",
            List.of(NAME, URL, EXPECTED_STATUS, LATENCY_BUDGET, TIMEOUT), List.of());

    static HttpEndpoint read(Node node) {
        Duration timeout = node.get(TIMEOUT);
        return new HttpEndpoint(node.get(NAME), node.get(URL), node.get(EXPECTED_STATUS),
                CheckSchedule.atMost(node, LATENCY_BUDGET, TIMEOUT.name(), timeout), timeout);
    }
}
