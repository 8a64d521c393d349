package dev.warden.rollback.external;

import dev.warden.config.Redaction;
import dev.warden.config.Secret;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One HTTP call Warden makes for a strategy (a flag service, a deploy system's webhook). YAML keys:
 * {@code method} (default POST), {@code url}, {@code headers} (values are secrets: never logged),
 * {@code body} (a template), {@code timeout} (default 10s, for connecting and again for the answer).
 * The URL and the body may hold {@code {{placeholders}}}: URL values are percent-encoded, body
 * values JSON-escaped (write them inside a JSON string: {@code "id": "{{decision_id}}"}).
 *
 * @param body null sends no body
 */
public record HttpRequestSettings(String method, String url, Map<String, Secret> headers, String body,
                                  Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    public HttpRequestSettings {
        method = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method: expected one of " + METHODS + ", found " + method);
        }
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("url: expected an http:// or https:// URL, found "
                    + Redaction.url(url));
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /** A POST of {@code body} to {@code url} with {@code headers}, default timeout. */
    public static HttpRequestSettings post(String url, Map<String, Secret> headers, String body) {
        return new HttpRequestSettings("POST", url, headers, body, null);
    }

    /** A GET of {@code url} with {@code headers}, default timeout. */
    public static HttpRequestSettings get(String url, Map<String, Secret> headers) {
        return new HttpRequestSettings("GET", url, headers, null, null);
    }

    /** Fails, naming the key, when the URL or the body uses a placeholder not in {@code known}. */
    public void requireKnownPlaceholders(String key, Set<String> known) {
        Template.requireKnown(key + ".url", url, known);
        Template.requireKnown(key + ".body", body, known);
    }
}
