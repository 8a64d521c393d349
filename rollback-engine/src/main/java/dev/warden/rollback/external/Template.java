package dev.warden.rollback.external;

import io.vertx.core.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{name}}} placeholders in URLs and bodies the user configures. Values are escaped for where
 * they land (a JSON string's content, a URL path segment), so that a decision's reasoning can never
 * break the body's JSON or the URL. An unknown placeholder is an error at plan time, not a literal
 * {@code {{typo}}} sent to a deploy system.
 */
public final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

    private Template() {
    }

    /** The placeholder names in {@code text} (null text has none). */
    static Set<String> placeholders(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text != null) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Fails, naming the setting, when {@code text} uses a placeholder that is not in {@code known}. */
    public static void requireKnown(String setting, String text, Set<String> known) {
        Set<String> unknown = new TreeSet<>(placeholders(text));
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(setting + " uses unknown placeholder(s) " + unknown
                    + "; known: " + new TreeSet<>(known));
        }
    }

    /** {@code text} with each placeholder replaced by its escaped value. */
    static String render(String text, Map<String, String> values, UnaryOperator<String> escape) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown placeholder {{" + m.group(1) + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(escape.apply(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The content of a JSON string holding {@code value} (no surrounding quotes). */
    static String json(String value) {
        String quoted = Json.encode(value);
        return quoted.substring(1, quoted.length() - 1);
    }

    /** {@code value} as one URL path segment (or query value): spaces as %20, slashes escaped. */
    public static String urlSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
