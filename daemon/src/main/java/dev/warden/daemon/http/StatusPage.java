package dev.warden.daemon.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /}: the status page, one HTML file with its script and style inline, reading
 * {@code /api/status} and approving through {@code POST /api/rollbacks/{id}/approve}. Its
 * Content-Security-Policy allows exactly that inline script and style (by their hashes) and requests
 * to this server only: nothing injected into the page could run or send data elsewhere.
 */
final class StatusPage implements Handler<RoutingContext> {
    private static final String RESOURCE = "/page/status.html";
    private static final Pattern INLINE = Pattern.compile("<(script|style)>(.*?)</\\1>", Pattern.DOTALL);

    private final Buffer html;
    private final String policy;

    private StatusPage(String html) {
        this.html = Buffer.buffer(html);
        this.policy = policy(html);
    }

    static StatusPage load() {
        try (InputStream in = StatusPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new StatusPage(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", policy)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-store")
                .end(html);
    }

    /** Nothing by default; the page's own inline script and style; fetches to this origin; no framing, no forms out. */
    static String policy(String html) {
        List<String> scripts = new ArrayList<>();
        List<String> styles = new ArrayList<>();
        Matcher inline = INLINE.matcher(html);
        while (inline.find()) {
            (inline.group(1).equals("script") ? scripts : styles).add("'sha256-" + sha256(inline.group(2)) + "'");
        }
        return "default-src 'none'; script-src " + String.join(" ", scripts) + "; style-src " + String.join(" ", styles)
                + "; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
