package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.util.List;
import java.util.Map;

/**
 * A generic JSON webhook that receives alert state changes (fired, resolved). The payload carries
 * the alert's fields and a Slack-compatible {@code text}, so a Slack incoming webhook works as is.
 */
public record WebhookConfig(HttpUrl url, Map<String, Secret> headers) {

    static final Key<HttpUrl> URL = Key.required("url", Types.httpUrl(),
            "http(s) URL the alert's JSON is POSTed to; user:password@ in it is sent as basic authentication.");
    static final Key<Map<String, Secret>> HEADERS = Key.of("headers", Types.headers(), Map.of(),
            "Extra HTTP headers (such as Authorization); values may use ${VAR} and are never logged.");

    static final Section SECTION = Section.list("webhooks", "JSON webhooks notified when an alert fires or resolves.",
            List.of(URL, HEADERS), List.of());

    public WebhookConfig {
        headers = Map.copyOf(headers);
    }

    static WebhookConfig read(Node node) {
        return new WebhookConfig(node.get(URL), node.get(HEADERS));
    }
}
