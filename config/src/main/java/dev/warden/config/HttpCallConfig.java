package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An HTTP call a rollback makes (a flag service, a deploy webhook). {@code url} and {@code body} may
 * use {@code {{decision_id}}}, {@code {{target}}}, {@code {{issue}}} and the other decision fields.
 */
public record HttpCallConfig(String method, String url, Map<String, Secret> headers, String body, Duration timeout) {

    static final Key<String> METHOD = Key.of("method", Types.string(), "POST", "HTTP method.");
    static final Key<String> URL = Key.required("url", Types.urlTemplate(), "URL to call; may use {{decision_id}}, {{target}}, ...");
    static final Key<Map<String, Secret>> HEADERS = Key.of("headers", Types.headers(), Map.of(),
            "Request headers (values are secrets and may use ${VAR}).");
    static final Key<String> BODY = Key.of("body", Types.string(), "",
            "Request body template; empty sends the decision's context as JSON.");
    static final Key<Duration> TIMEOUT = Key.of("timeout", Types.timeout(Duration.ofMillis(100)), Duration.ofSeconds(10),
            "How long the call may take.");

    static List<Key<?>> keys() {
        return List.of(METHOD, URL, HEADERS, BODY, TIMEOUT);
    }

    static Section section(String name, String description) {
        return Section.of(name, description, keys(), List.of());
    }

    static HttpCallConfig read(Node node) {
        return new HttpCallConfig(node.get(METHOD), node.get(URL), node.get(HEADERS), node.get(BODY), node.get(TIMEOUT));
    }
}
