package dev.warden.config;

import dev.warden.config.schema.HostNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * An absolute {@code http://} or {@code https://} URL. Credentials written in it
 * ({@code https://user:password@host/}) are kept apart and used as basic authentication; the
 * URL itself, {@link #toString()} and {@link #redacted()} never carry the password.
 */
public record HttpUrl(String url, Optional<String> user, Secret password) {

    /**
     * @throws IllegalArgumentException when the text is not an absolute http(s) URL; the message
     *         starts with "expected" and never contains the password
     */
    public static HttpUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected an http:// or https:// URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("expected an http:// or https:// URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("expected an http(s) URL with a host and an optional numeric port");
        }
        HostNames.checkPort(uri.getPort(), "the URL");
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("expected an http(s) URL without ?query or #fragment");
        }
        Optional<String> user = Optional.empty();
        Secret password = Secret.NONE;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = Optional.of(decode(parts[0]));
            password = new Secret(parts.length > 1 ? decode(parts[1]) : "");
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]"
                : uri.getHost();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String url = scheme + "://" + host + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + path;
        return new HttpUrl(url, user, password);
    }

    /** This URL followed by {@code path}, with exactly one slash between them. */
    public String resolve(String path) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return base + (path.startsWith("/") ? path : "/" + path);
    }

    /** The URL as written, with {@code user@} but without the password: safe for logs and labels. */
    public String redacted() {
        return user.map(u -> url.replaceFirst("://", "://" + u + "@")).orElse(url);
    }

    @Override
    public String toString() {
        return redacted();
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
