package dev.warden.config.schema;

import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes durations the way operators write them: {@code 500ms}, {@code 1h30m}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    /**
     * The longest duration any key takes: ten years, far beyond any sensible interval and far below
     * what {@link Duration#toNanos()} and a timer's milliseconds can hold.
     */
    public static final Duration LONGEST = Duration.ofDays(3650);
    /**
     * The longest timeout: PostgreSQL's {@code statement_timeout} and {@code lock_timeout} and the
     * network client's connect timeout hold at most 2^31-1 milliseconds (24.8 days).
     */
    public static final Duration LONGEST_TIMEOUT = Duration.ofDays(24);

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException when {@code text} is not a duration, or one longer than {@link #LONGEST}
     */
    public static Duration parse(String text) {
        BigInteger millis = millis(text);
        if (millis.compareTo(BigInteger.valueOf(LONGEST.toMillis())) > 0) {
            throw new IllegalArgumentException("expected a duration of at most " + format(LONGEST) + ", found "
                    + text.trim());
        }
        return Duration.ofMillis(millis.longValueExact());
    }

    /**
     * The length of {@code text} in milliseconds, exact however many digits it was written with, so
     * that a range check sees {@code 99999999999999d} as too long instead of overflowing.
     * @throws IllegalArgumentException when {@code text} is not a duration
     */
    static BigInteger millis(String text) {
        Matcher m = PART.matcher(text.trim());
        BigInteger total = BigInteger.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long unit = switch (m.group(2)) {
                case "ms" -> 1L;
                case "s" -> 1_000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                default -> 86_400_000L;
            };
            total = total.add(new BigInteger(m.group(1)).multiply(BigInteger.valueOf(unit)));
            end = m.end();
        }
        if (end == 0 || end != text.trim().length()) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 5s, 10m, 1h30m");
        }
        return total;
    }

    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillisPart() != 0 || d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        StringBuilder out = new StringBuilder();
        long days = d.toDaysPart();
        append(out, days, "d");
        append(out, d.toHoursPart(), "h");
        append(out, d.toMinutesPart(), "m");
        append(out, d.toSecondsPart(), "s");
        return out.toString();
    }

    private static void append(StringBuilder out, long n, String unit) {
        if (n != 0) {
            out.append(n).append(unit);
        }
    }
}
