package dev.warden.rollback.flag;

import dev.warden.config.Secret;
import dev.warden.rollback.external.HttpRequestSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
/**
 * Where a flag's state can be read: a GET of {@code url} (placeholders allowed) answering JSON, and
 * the value at {@code path} ({@code enabled}, {@code data.flags.0.on}, {@code $.a.b}: dot-separated
 * keys, numbers index arrays) compared, as text, with {@code off_value}. YAML keys
 * ({@code feature_flag.http.state.*}): {@code url}, {@code headers}, {@code path}, {@code off_value}
 * (default {@code false}), {@code timeout} (default 10s).
 */
public record FlagStateSettings(String url, Map<String, Secret> headers, String path, String offValue,
                                Duration timeout) {

    public FlagStateSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(path, "path");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        offValue = offValue == null ? "false" : offValue;
    }

    public HttpRequestSettings request() {
        return new HttpRequestSettings("GET", url, headers, null, timeout);
    }
}
