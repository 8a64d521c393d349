package dev.warden.rollback.flag;

import dev.warden.rollback.external.HttpRequestSettings;
import java.util.Objects;
/**
 * A flag in any service with an HTTP API. YAML keys ({@code feature_flag.http.*}): {@code feature}
 * (the flag's name, also the {@code {{feature}}} placeholder), {@code request} (the call that turns
 * it off: see {@link HttpRequestSettings}), and optionally {@code state} (how to read whether it is
 * off: see {@link FlagStateSettings}). Without a state, Warden cannot tell whether an interrupted
 * call got through and simply calls again: turning a flag off twice is harmless.
 *
 * @param state null when the service's state cannot be read
 */
public record HttpFlagSettings(String feature, HttpRequestSettings request, FlagStateSettings state) {

    public HttpFlagSettings {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(request, "request");
    }
}
