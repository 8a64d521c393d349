package dev.warden.rollback.flag;

import dev.warden.config.Secret;
import dev.warden.rollback.external.HttpRequestSettings;
import dev.warden.rollback.external.Template;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
/**
 * A flag in Unleash, turned off through its admin API:
 * {@code POST {url}/api/admin/projects/{project}/features/{feature}/environments/{environment}/off}
 * with the token in the {@code Authorization} header. Its state is read back with a GET of the
 * same path without {@code /off} ({@code "enabled": false} means off). YAML keys
 * ({@code feature_flag.unleash.*}): {@code url}, {@code token} (an admin or personal access token;
 * a secret), {@code project} (default {@code default}), {@code feature}, {@code environment},
 * {@code timeout} (default 10s).
 */
public record UnleashSettings(String url, Secret token, String project, String feature, String environment,
                              Duration timeout) {

    public UnleashSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(environment, "environment");
        project = project == null ? "default" : project;
        timeout = timeout == null ? HttpRequestSettings.DEFAULT_TIMEOUT : timeout;
    }

    /** The feature's environment in the admin API, every part percent-encoded. */
    String environmentUrl() {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return base + "/api/admin/projects/" + Template.urlSegment(project) + "/features/"
                + Template.urlSegment(feature) + "/environments/" + Template.urlSegment(environment);
    }

    public HttpRequestSettings turnOff() {
        return new HttpRequestSettings("POST", environmentUrl() + "/off", headers(), null, timeout);
    }

    public HttpRequestSettings state() {
        return new HttpRequestSettings("GET", environmentUrl(), headers(), null, timeout);
    }

    private Map<String, Secret> headers() {
        return Map.of("Authorization", token);
    }
}
