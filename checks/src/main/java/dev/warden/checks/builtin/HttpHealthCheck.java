package dev.warden.checks.builtin;

import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.config.HttpEndpoint;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code http_health}: the application's health endpoints, all at once (see {@link EndpointProbe}).
 * Any endpoint down, answering the wrong status or too slowly is PARTIAL_FEATURE_FAILURE, LOW.
 */
public final class HttpHealthCheck extends BuiltInCheck {
    public static final String NAME = "http_health";

    private final List<HttpEndpoint> endpoints;

    public HttpHealthCheck(List<HttpEndpoint> endpoints) {
        super(NAME);
        this.endpoints = List.copyOf(endpoints);
    }

    /** A client per run, closed after it: a run every 30 s does not need a connection pool kept open. */
    @Override
    public Future<CheckResult> run(CheckContext context) {
        WebClient client = WebClient.create(context.vertx(), new WebClientOptions()
                .setUserAgent("warden").setFollowRedirects(false).setKeepAlive(false));
        List<Future<EndpointProbe>> probes = new ArrayList<>();
        endpoints.forEach(endpoint -> probes.add(EndpointProbe.probe(client, endpoint)));
        return Future.all(probes)
                .map(all -> judge(context, probes.stream().map(Future::result).toList()))
                .onComplete(done -> client.close());
    }

    private static CheckResult judge(CheckContext context, List<EndpointProbe> probes) {
        Map<String, Object> evidence = Evidence.of("endpoints", probes.stream().map(EndpointProbe::toEvidence).toList());
        List<EndpointProbe> failing = probes.stream().filter(p -> p.outcome() != EndpointProbe.Outcome.OK
                && p.outcome() != EndpointProbe.Outcome.SKIPPED).toList();
        if (!failing.isEmpty()) {
            return CheckResult.breach(NAME, context.now(), IssueType.PARTIAL_FEATURE_FAILURE, Severity.LOW,
                    summary(failing), evidence);
        }
        List<EndpointProbe> skipped = probes.stream().filter(p -> p.outcome() == EndpointProbe.Outcome.SKIPPED).toList();
        if (!skipped.isEmpty()) {
            return CheckResult.inconclusive(NAME, context.now(), summary(skipped), evidence);
        }
        return CheckResult.ok(NAME, context.now(), probes.size() + " health endpoints answered as expected", evidence);
    }

    private static String summary(List<EndpointProbe> probes) {
        EndpointProbe first = probes.get(0);
        return "endpoint " + first.endpoint().name() + " " + first.outcome().name().toLowerCase().replace('_', ' ')
                + ": " + first.detail() + (probes.size() > 1 ? " (and " + (probes.size() - 1) + " more)" : "");
    }
}
