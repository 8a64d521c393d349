package dev.warden.daemon.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Refuses a write to {@code /api} that a browser sends on behalf of another site's page. Without a token,
 * writes are open on loopback, and a page from anywhere can make the browser of someone on this machine
 * POST there (a form, or a fetch in no-cors mode): that would approve a rollback nobody meant to. Browsers
 * say where a request comes from ({@code Sec-Fetch-Site}, {@code Origin}) and a page cannot hide it;
 * the CLI and other programs send neither and are not affected. The status page's own requests are
 * same-origin.
 */
final class CrossSiteGuard implements Handler<RoutingContext> {
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    /** What a browser sends for a page of the same origin, or for what the user typed or bookmarked. */
    private static final Set<String> OWN = Set.of("same-origin", "none");

    private final boolean tokenless;

    /** @param tokenless whether the API has no token: then writes are open on loopback, to loopback names only */
    CrossSiteGuard(boolean tokenless) {
        this.tokenless = tokenless;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (READS.contains(ctx.request().method())) {
            ctx.next();
            return;
        }
        String fetchSite = ctx.request().getHeader("Sec-Fetch-Site");
        String origin = ctx.request().getHeader("Origin");
        HostAndPort authority = ctx.request().authority();
        if (fetchSite != null && !OWN.contains(fetchSite)) {
            refuse(ctx, "Sec-Fetch-Site: " + fetchSite);
        } else if (origin != null && !origin.equals(ownOrigin(ctx, authority))) {
            refuse(ctx, "Origin: " + origin);
        } else if (tokenless && (origin != null || fetchSite != null) && !loopbackName(authority)) {
            // A site whose name was made to point at 127.0.0.1 (DNS rebinding) is same-origin with itself;
            // a browser that really means this loopback-only Warden addresses it by a loopback name.
            refuse(ctx, "Host: " + (authority == null ? "" : authority.host()));
        } else {
            ctx.next();
        }
    }

    /** The origin this request was addressed to, as a page served from here would send it. */
    private static String ownOrigin(RoutingContext ctx, HostAndPort authority) {
        // The authority, not the Host header: HTTP/2 carries it in :authority.
        return (ctx.request().isSSL() ? "https://" : "http://") + (authority == null ? ""
                : authority.host() + (authority.port() >= 0 ? ":" + authority.port() : ""));
    }

    private static boolean loopbackName(HostAndPort authority) {
        if (authority == null) {
            return false;
        }
        String host = authority.host().toLowerCase();
        return host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("[::1]")
                || host.equals("::1");
    }

    private static void refuse(RoutingContext ctx, String seen) {
        ctx.response().setStatusCode(403).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", "a write from another site's page is refused (" + Ids.quote(seen)
                        + "); use the status page Warden serves at /, the CLI or a program").encode());
    }
}
