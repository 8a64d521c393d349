package dev.warden.rollback.strategy;

import dev.warden.config.Secret;
import dev.warden.rollback.external.CommandSettings;
import dev.warden.rollback.external.HttpRequestSettings;
import java.time.Duration;
import java.util.Map;
/**
 * How Warden sees that a code revert is live: exactly one of a GET of {@code url} that must answer
 * {@code expect_status} (default 200) with {@code expect_body} in its body (if set), or a
 * {@code command} that must exit 0. It is tried every {@code interval} (default 5s) until it passes
 * or {@code timeout} (default 5m) has passed. Pick something true only after the revert (the
 * version an endpoint reports, not a plain health check): a revert whose check already passes is
 * not requested at all. YAML keys ({@code code_revert.success_check.*}): {@code url},
 * {@code headers}, {@code expect_status}, {@code expect_body}, {@code command}, {@code timeout},
 * {@code interval}.
 */
public record SuccessCheckSettings(String url, Map<String, Secret> headers, Integer expectStatus, String expectBody,
                                   CommandSettings command, Duration timeout, Duration interval) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    public SuccessCheckSettings {
        if ((url == null) == (command == null)) {
            throw new IllegalArgumentException("success_check: expected exactly one of url, command");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        expectStatus = expectStatus == null ? 200 : expectStatus;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        interval = interval == null ? DEFAULT_INTERVAL : interval;
    }

    /** A GET of {@code url} expecting 200 and {@code expectBody} (may be null), with the default bounds. */
    public static SuccessCheckSettings url(String url, String expectBody) {
        return new SuccessCheckSettings(url, Map.of(), 200, expectBody, null, null, null);
    }

    HttpRequestSettings request() {
        return HttpRequestSettings.get(url, headers);
    }
}
