package dev.warden.rollback.external;

import dev.warden.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The one secret masker. Keeps passwords and tokens out of messages, notes and logs: secret values are masked, URLs lose credentials and query. */
public final class Redaction {
    private static final String MASK = "****";
    /** A part cut out of a secret (a query value, a token after its scheme) is masked alone from this length on. */
    private static final int MIN_DERIVED = 8;

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
    static List<String> urlParts(String url) {
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
}
