package dev.warden.config.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.config.ConnectionSpec;
import dev.warden.config.HttpUrl;
import dev.warden.config.PostgresUri;
import dev.warden.config.Secret;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.quartz.CronExpression;


/** The value types configuration keys use. Each error message starts with "expected". */
public final class Types {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7e]+");
    /** What a header value may hold: visible characters, spaces and tabs; no CR, LF or other control. */
    private static final Pattern HEADER_VALUE = Pattern.compile("[^\\x00-\\x08\\x0a-\\x1f\\x7f]*");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_$]*\\.)?[A-Za-z_][A-Za-z0-9_$]*");

    private Types() {
    }

    public static ValueType<String> string() {
        return simple("string", (node, ctx) -> {
            requireScalar(node, "a string");
            return node.asText();
        }, Function.identity());
    }

    /** Lower-case names usable as metric labels and in URLs: {@code orders}, {@code billing-eu}. */
    public static ValueType<String> identifier() {
        return simple("name", (node, ctx) -> {
            requireScalar(node, "a name");
            if (!IDENTIFIER.matcher(node.asText()).matches()) {
                throw new IllegalArgumentException("expected a name of lower-case letters, digits, _ and -,"
                        + " starting with a letter");
            }
            return node.asText();
        }, Function.identity());
    }

    public static ValueType<Boolean> bool() {
        return simple("boolean", (node, ctx) -> {
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            String text = node.asText().toLowerCase(Locale.ROOT);
            if (node.isTextual() && (text.equals("true") || text.equals("false"))) {
                return Boolean.parseBoolean(text);
            }
            throw new IllegalArgumentException("expected true or false");
        }, String::valueOf);
    }

    public static ValueType<Integer> integer(int min, int max) {
        return simple("integer " + min + ".." + max, (node, ctx) -> {
            int value;
            try {
                value = node.isInt() ? node.intValue()
                        : Integer.parseInt(requireScalar(node, "an integer from " + min + " to " + max));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected an integer from " + min + " to " + max);
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("expected an integer from " + min + " to " + max + ", found " + value);
            }
            return value;
        }, String::valueOf);
    }

    /**
     * Durations such as {@code 500ms}, {@code 5s}, {@code 10m}, {@code 1h30m}, {@code 7d}, from {@code min}
     * to {@link Durations#LONGEST}.
     */
    public static ValueType<Duration> duration(Duration min) {
        return duration(min, Durations.LONGEST);
    }

    /** A timeout: a duration from {@code min} to {@link Durations#LONGEST_TIMEOUT}, what PostgreSQL takes. */
    public static ValueType<Duration> timeout(Duration min) {
        return duration(min, Durations.LONGEST_TIMEOUT);
    }

    private static ValueType<Duration> duration(Duration min, Duration max) {
        return simple("duration " + Durations.format(min) + ".." + Durations.format(max), (node, ctx) -> {
            String text = requireScalar(node, "a duration");
            BigInteger millis = Durations.millis(text);
            if (millis.compareTo(BigInteger.valueOf(min.toMillis())) < 0) {
                throw new IllegalArgumentException("expected a duration of at least " + Durations.format(min)
                        + ", found " + Durations.format(Duration.ofMillis(millis.longValueExact())));
            }
            if (millis.compareTo(BigInteger.valueOf(max.toMillis())) > 0) {
                throw new IllegalArgumentException("expected a duration of at most " + Durations.format(max)
                        + ", found " + Found.quote(text.trim()));
            }
            return Duration.ofMillis(millis.longValueExact());
        }, Durations::format);
    }

    /** A Quartz cron expression (seconds first: {@code 0 0 * * * ?} is hourly), or {@code off}. */
    public static ValueType<String> cron() {
        return simple("cron", (node, ctx) -> {
            String text = requireScalar(node, "a cron expression");
            if (!text.equals("off") && !CronExpression.isValidExpression(text)) {
                throw new IllegalArgumentException("expected a Quartz cron expression such as \"0 */15 * * * ?\""
                        + " (seconds minutes hours day-of-month month day-of-week) or off");
            }
            return text;
        }, Function.identity());
    }

    /**
     * A bearer token, compared with what a request's {@code Authorization} header carries: not blank,
     * no whitespace around it, printable ASCII only. No message ever quotes it.
     */
    public static ValueType<Secret> token() {
        return new ValueType<>() {
            public String name() {
                return "secret";
            }

            public Secret read(JsonNode node, Context context) {
                String text = requireScalar(node, "a string");
                if (text.isBlank()) {
                    throw new IllegalArgumentException("expected a non-blank token, found "
                            + (text.isEmpty() ? "an empty value" : "only whitespace"));
                }
                if (!text.strip().equals(text)) {
                    throw new IllegalArgumentException("expected a token without whitespace around it (a request"
                            + " header cannot carry it), found " + Found.HIDDEN);
                }
                if (!PRINTABLE_ASCII.matcher(text).matches()) {
                    throw new IllegalArgumentException("expected a token of printable ASCII characters (what an"
                            + " Authorization header carries), found " + Found.HIDDEN);
                }
                return new Secret(text);
            }

            public boolean secret() {
                return true;
            }
        };
    }

    /**
     * Where a server listens or a client connects: a host name or an IP literal, checked as written,
     * without asking DNS (see {@link HostNames}).
     */
    public static ValueType<String> host() {
        return simple("host", (node, ctx) -> HostNames.check(requireScalar(node, "a host name or IP address")),
                Function.identity());
    }

    public static ValueType<ConnectionSpec> postgresUri() {
        return simple("postgres URI", (node, ctx) -> PostgresUri.parse(requireScalar(node, "a postgres:// URI"), ctx.env()),
                ConnectionSpec::redacted);
    }

    /** An absolute {@code http://} or {@code https://} URL with a host. */
    /**
     * An http(s) URL that may hold {@code {{placeholders}}} filled in when it is called: checked as it
     * will be sent, with each placeholder standing for a value.
     */
    public static ValueType<String> urlTemplate() {
        ValueType<URI> url = endpointUrl();
        return simple("URL template", (node, ctx) -> {
            String text = requireScalar(node, "an http:// or https:// URL");
            url.read(new com.fasterxml.jackson.databind.node.TextNode(text.replaceAll("\\{\\{[a-z_]+}}", "x")), ctx);
            return text;
        }, Function.identity());
    }

    /** A full http(s) URL to request as written, query included: what a health endpoint is. */
    public static ValueType<URI> endpointUrl() {
        return simple("http URL", (node, ctx) -> {
            String text = requireScalar(node, "an http:// or https:// URL");
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    HostNames.checkPort(uri.getPort(), "the URL");
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below, with the expected form
            }
            throw new IllegalArgumentException("expected an http:// or https:// URL such as http://127.0.0.1:8080/health");
        }, URI::toString);
    }

    /** An absolute {@code http://} or {@code https://} URL; a password in it never shows in a message. */
    public static ValueType<HttpUrl> httpUrl() {
        return simple("URL", (node, ctx) -> HttpUrl.parse(requireScalar(node, "an http:// or https:// URL")),
                HttpUrl::redacted);
    }

    public static ValueType<List<HttpUrl>> httpUrlList() {
        return simple("list of URLs", (node, ctx) -> {
            List<HttpUrl> urls = new ArrayList<>();
            for (String item : stringItems(node)) {
                try {
                    urls.add(HttpUrl.parse(item));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e.getMessage() + ", found " + Found.quote(item) + " (item "
                            + (urls.size() + 1) + ")");
                }
            }
            return List.copyOf(urls);
        }, list -> "[" + String.join(", ", list.stream().map(HttpUrl::redacted).toList()) + "]");
    }

    /** HTTP header names to values; the values are secrets (they often carry a token). */
    public static ValueType<Map<String, Secret>> headers() {
        return new ValueType<>() {
            public String name() {
                return "map of header to value";
            }

            public Map<String, Secret> read(JsonNode node, Context context) {
                if (!node.isObject()) {
                    throw new IllegalArgumentException("expected a mapping of header name to value");
                }
                Map<String, Secret> headers = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> header = it.next();
                    // A malformed name is not quoted either: "Authorization: Bearer x" written as a name holds a value.
                    if (!HEADER_NAME.matcher(header.getKey()).matches()) {
                        throw new IllegalArgumentException("expected HTTP header names (letters, digits, -), found"
                                + " another name as header " + (headers.size() + 1) + " (hidden: it may hold a value)");
                    }
                    JsonNode value = header.getValue();
                    if (!value.isValueNode() || value.isNull() || Found.notFinite(value)
                            || !HEADER_VALUE.matcher(value.asText()).matches()) {
                        throw new IllegalArgumentException("expected a one-line string without control characters"
                                + " as the value of header " + header.getKey() + ", found " + Found.HIDDEN);
                    }
                    headers.put(header.getKey(), new Secret(value.asText()));
                }
                return Map.copyOf(headers);
            }

            public String render(Map<String, Secret> value) {
                return value.isEmpty() ? "{}" : String.join(", ", value.keySet());
            }

            public boolean secret() {
                return true;
            }
        };
    }

    public static ValueType<Path> path() {
        return simple("path", (node, ctx) -> {
            String text = requireScalar(node, "a path");
            return text.startsWith("~/") ? home(ctx.env()).resolve(text.substring(2)) : Path.of(text);
        }, Path::toString);
    }

    /** {@code ~}: {@code $HOME} as the shell has it; Java's user.home (from the password file) only when it is unset. */
    public static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    /** Enum constants written in lower case in YAML: {@code data_corruption}, {@code auto}. */
    public static <E extends Enum<E>> ValueType<E> enumOf(Class<E> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(Types::yamlName).toList();
        return simple("one of " + String.join(", ", names), (node, ctx) -> {
            String text = requireScalar(node, "one of " + names);
            for (E constant : type.getEnumConstants()) {
                if (yamlName(constant).equals(text)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("expected one of " + String.join(", ", names));
        }, Types::yamlName);
    }

    /** {@code schema.table} names; a bare name means {@code public.name}. */
    public static ValueType<List<String>> tableList() {
        return simple("list of tables", (node, ctx) -> {
            List<String> tables = new ArrayList<>();
            for (String item : stringItems(node)) {
                if (!TABLE.matcher(item).matches()) {
                    throw new IllegalArgumentException("expected schema.table names, found " + Found.quote(item));
                }
                tables.add(item.contains(".") ? item : "public." + item);
            }
            return List.copyOf(tables);
        }, list -> "[" + String.join(", ", list) + "]");
    }

    public static ValueType<List<String>> stringList() {
        return simple("list of strings", (node, ctx) -> List.copyOf(stringItems(node)),
                list -> "[" + String.join(", ", list) + "]");
    }

    public static String yamlName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static List<String> stringItems(JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("expected a list");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : node) {
            items.add(requireScalar(item, "a list of strings"));
        }
        return items;
    }

    /** The text of a scalar; YAML's .inf and .nan are numbers no key takes. */
    private static String requireScalar(JsonNode node, String expected) {
        if (!node.isValueNode()) {
            throw new IllegalArgumentException("expected " + expected);
        }
        if (Found.notFinite(node)) {
            throw new IllegalArgumentException("expected " + expected + ", found " + Found.describe(node, false));
        }
        return node.asText();
    }

    private interface Reader<T> {
        T read(JsonNode node, Context context);
    }

    private static <T> ValueType<T> simple(String name, Reader<T> reader, Function<T, String> renderer) {
        return new ValueType<>() {
            public String name() {
                return name;
            }

            public T read(JsonNode node, Context context) {
                return reader.read(node, context);
            }

            public String render(T value) {
                return renderer.apply(value);
            }
        };
    }

}
