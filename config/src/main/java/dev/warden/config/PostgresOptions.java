package dev.warden.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code options} URI parameter. libpq hands it to the server as command-line switches; Warden
 * accepts the settings among them, {@code -c name=value}, {@code -cname=value} and {@code --name=value}
 * (whitespace separates, a backslash makes the next character literal), and sends each one in the
 * startup packet. Names are lower-cased with {@code -} read as {@code _}, as the server does; a later
 * setting of a name wins.
 */
public final class PostgresOptions {
    /** Set on every session by Warden or by its driver, which reads results in their terms. */
    static final Set<String> RESERVED = Set.of("application_name", "client_min_messages", "client_encoding",
            "datestyle", "intervalstyle", "extra_float_digits");
    /** Warden's safety caps: a URI may lower them, never raise or disable them. */
    static final Set<String> CAPPED = Set.of("statement_timeout", "lock_timeout");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_$]*(\\.[a-z_][a-z0-9_$]*)*");
    private static final Pattern TIME = Pattern.compile("\\s*(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(us|ms|s|min|h|d)?\\s*");
    private static final String FORMS = "expected options as -c name=value or --name=value settings";

    private PostgresOptions() {
    }

    /**
     * The settings in {@code options}, by lower-case name.
     * @throws IllegalArgumentException naming the switch or setting that is not accepted
     */
    public static Map<String, String> parse(String options) {
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> words = split(options);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String setting;
            if (word.equals("-c")) {
                if (i + 1 == words.size()) {
                    throw new IllegalArgumentException(FORMS + ", found \"-c\" without a setting");
                }
                setting = words.get(++i);
            } else if (word.startsWith("--") || word.startsWith("-c")) {
                setting = word.substring(2);
            } else {
                throw new IllegalArgumentException(FORMS + ", found \"" + word + "\"");
            }
            int equals = setting.indexOf('=');
            String name = (equals < 0 ? setting : setting.substring(0, equals)).replace('-', '_')
                    .toLowerCase(Locale.ROOT);
            if (equals < 0 || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(FORMS + ", found \"" + word
                        + (word.equals("-c") ? " " + setting : "") + "\"");
            }
            String value = setting.substring(equals + 1);
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("expected options to leave " + name + " to Warden, which sets it on"
                        + " every session, found \"" + name + "=" + value + "\"");
            }
            if (CAPPED.contains(name)) {
                timeout(name, value);
            }
            settings.remove(name);
            settings.put(name, value);
        }
        return settings;
    }

    /**
     * A time setting as the server reads it: a number of milliseconds, or a number with a unit.
     * @throws IllegalArgumentException when it is neither
     */
    public static Duration timeout(String name, String value) {
        Matcher m = TIME.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected options " + name + " as milliseconds or a number with a unit"
                    + " (us, ms, s, min, h, d), found \"" + value + "\"");
        }
        long nanosPerUnit = switch (m.group(2) == null ? "ms" : m.group(2)) {
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
        };
        BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit));
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("expected options " + name + " of at most a few years, found \""
                    + value + "\"");
        }
        return Duration.ofNanos(nanos.setScale(0, RoundingMode.CEILING).longValueExact());
    }

    /** The URI's value when it is a timeout shorter than {@code cap}; else the cap (0 means "no timeout"). */
    public static Duration capped(String name, String value, Duration cap) {
        if (value == null) {
            return cap;
        }
        Duration asked = timeout(name, value);
        return asked.isZero() || asked.compareTo(cap) > 0 ? cap : asked;
    }

    /** Whole milliseconds, rounded up: the unit the server reads a bare number in, never 0 (no timeout). */
    public static long millis(Duration timeout) {
        long millis = timeout.toMillis();
        return Math.max(1, timeout.equals(Duration.ofMillis(millis)) ? millis : millis + 1);
    }

    /** Splits as the server does: on whitespace, a backslash taking the next character literally. */
    private static List<String> split(String options) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\\' && i + 1 < options.length()) {
                c = options.charAt(++i);
            }
            word.append(c);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
