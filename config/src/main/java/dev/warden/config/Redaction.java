package dev.warden.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one secret masker. Keeps passwords and tokens out of messages, notes and logs: secret values are
 * masked, URLs lose credentials and query. It lives beside {@link Secret} so that configuration
 * messages and the rollback engine's notes hide secrets the same way.
 */
public final class Redaction {
    private static final String MASK = "****";
    /** A part cut out of a secret (a query value, a token after its scheme) is masked alone from this length on. */
    private static final int MIN_DERIVED = 8;
    /** Key names whose values are secrets whatever their type: a value found under them is never quoted. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|passphrase|secret|token|api[_-]?key|credential|authorization|private[_-]?key).*");

    private Redaction() {
    }

    /**
     * The revealed values of {@code secrets} worth masking: each value, and the credential alone
     * when the value names its scheme first ({@code Bearer <token>}).
     */
    public static List<String> values(Map<String, Secret> secrets) {
        List<String> out = new ArrayList<>();
        for (Secret secret : secrets.values()) {
            String value = secret.reveal();
            if (value != null && !value.isBlank()) {
                out.add(value);
                int space = value.strip().indexOf(' ');
                if (space > 0 && value.strip().length() - space > MIN_DERIVED) {
                    out.add(value.strip().substring(space + 1).strip());
                }
            }
        }
        return out;
    }

    /** {@code text} with {@code secret} (a password, which may be null or empty) masked. */
    public static String mask(String text, String secret) {
        return secret == null ? text : mask(text, List.of(secret));
    }

    /** {@code text} with every secret value masked. */
    public static String mask(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /**
     * The parts of {@code url} that may carry a credential ({@code user:password}, the query), to mask
     * them in messages that quote the URL (a client's timeout message does).
     */
    public static List<String> urlParts(String url) {
        try {
            URI uri = new URI(url);
            List<String> parts = new ArrayList<>();
            if (uri.getRawUserInfo() != null) {
                parts.add(uri.getRawUserInfo());
                parts.add(uri.getRawUserInfo().substring(uri.getRawUserInfo().indexOf(':') + 1));
            }
            if (uri.getRawQuery() != null) {
                parts.add(uri.getRawQuery());
                for (String pair : uri.getRawQuery().split("&")) {
                    String value = pair.substring(pair.indexOf('=') + 1);
                    if (value.length() >= MIN_DERIVED) {
                        parts.add(value);
                    }
                }
            }
            return parts.stream().filter(part -> !part.isEmpty()).toList();
        } catch (URISyntaxException e) {
            return List.of();
        }
    }

    /** {@code scheme://host:port/path}: no user:password@, no query (where tokens travel), no fragment. */
    public static String url(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                return "(a URL without a host)";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                    + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } catch (URISyntaxException e) {
            return "(an unparsable URL)";
        }
    }

    /** Whether a configuration key of this name holds a secret, so that its value is never quoted back. */
    public static boolean smellsSecret(String keyName) {
        return SECRET_NAME.matcher(keyName).matches();
    }

    /**
     * {@code text}, a value found in a configuration, safe to quote in a message: when it holds a
     * {@code scheme://} URL, the password of {@code user:password@} and every query value (a parameter without a value, whole) are masked.
     * It works on the text as written, well formed or not: a password may hold {@code /}, {@code @} or
     * spaces, so everything from the user's colon to the last {@code @} is masked.
     */
    public static String quote(String text) {
        int scheme = text.indexOf("://");
        if (scheme < 0) {
            return text;
        }
        int authority = scheme + 3;
        String out = text;
        int at = out.lastIndexOf('@');
        if (at > authority) {
            int colon = out.indexOf(':', authority);
            if (colon >= 0 && colon < at) {
                out = out.substring(0, colon + 1) + MASK + out.substring(at);
            }
        }
        int query = out.indexOf('?', authority);
        if (query >= 0) {
            int fragment = out.indexOf('#', query);
            int end = fragment < 0 ? out.length() : fragment;
            List<String> parameters = new ArrayList<>();
            for (String parameter : out.substring(query + 1, end).split("&", -1)) {
                int equals = parameter.indexOf('=');
                parameters.add(equals < 0 ? MASK : parameter.substring(0, equals + 1) + MASK);
            }
            out = out.substring(0, query + 1) + String.join("&", parameters) + out.substring(end);
        }
        return out;
    }
}
