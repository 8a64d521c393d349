package dev.warden.rollback.flag;

import dev.warden.config.StrategyKind;
import dev.warden.rollback.engine.Step;
import dev.warden.rollback.engine.StepContext;
import dev.warden.rollback.engine.Steps;
import dev.warden.rollback.engine.DecisionContext;
import dev.warden.rollback.external.HttpCaller;
import dev.warden.rollback.external.JsonPath;
import dev.warden.rollback.external.Template;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
/**
 * The HTTP variants of feature_flag. Unleash: POST the environment's {@code /off}, done when a GET
 * of the environment answers {@code "enabled": false}. Any service: its configured request, done
 * when the configured state reads the off value; without a state, done() answers false and the
 * call is simply made again after a restart, since turning a flag off twice is harmless.
 */
public final class HttpFlag {
    private final HttpCaller caller;

    public HttpFlag(HttpCaller caller) {
        this.caller = caller;
    }

    public void requireKnownPlaceholders(FeatureFlagSettings flag) {
        if (flag.http() != null) {
            Set<String> known = names();
            flag.http().request().requireKnownPlaceholders("feature_flag.http.request", known);
            if (flag.http().state() != null) {
                Template.requireKnown("feature_flag.http.state.url", flag.http().state().url(), known);
            }
        }
    }

    public Step step(FeatureFlagSettings flag) {
        if (flag.unleash() != null) {
            UnleashSettings unleash = flag.unleash();
            return Steps.of("turn_unleash_flag_off", true,
                    ctx -> caller.send(unleash.turnOff(), values(ctx, flag), Map.of()).map(response -> {
                        ctx.note("Unleash turned " + unleash.feature() + " off in " + unleash.environment()
                                + " (HTTP " + response.statusCode() + ")");
                        return null;
                    }),
                    ctx -> caller.send(unleash.state(), values(ctx, flag), Map.of())
                            .map(response -> "false".equals(JsonPath.read(response.bodyAsString(), "enabled")
                                    .orElse(null))));
        }
        HttpFlagSettings http = flag.http();
        return Steps.of("call_flag_service", true,
                ctx -> caller.send(http.request(), values(ctx, flag), Map.of()).map(response -> {
                    ctx.note("flag service answered HTTP " + response.statusCode() + " to turning " + http.feature()
                            + " off");
                    return null;
                }),
                ctx -> http.state() == null ? Future.succeededFuture(false)
                        : caller.send(http.state().request(), values(ctx, flag), Map.of())
                                .map(response -> JsonPath.read(response.bodyAsString(), http.state().path())
                                        .map(http.state().offValue()::equals).orElse(false)));
    }

    private static Map<String, String> values(StepContext ctx, FeatureFlagSettings flag) {
        Map<String, String> values = DecisionContext.values(ctx.request(), ctx.rollbackId(), StrategyKind.FEATURE_FLAG);
        values.put("feature", flag.flag());
        return values;
    }

    private static Set<String> names() {
        Set<String> names = new HashSet<>(DecisionContext.NAMES);
        names.add("feature");
        return names;
    }
}
