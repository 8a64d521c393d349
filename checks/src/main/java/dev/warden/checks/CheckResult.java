package dev.warden.checks;

import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The outcome of one run of one check.
 *
 * @param check        the check's name
 * @param status       OK, BREACH or INCONCLUSIVE
 * @param severity     how severe a breach is; null unless BREACH
 * @param issue        the kind of trouble a breach is (the decision matrix's row); null unless BREACH
 * @param summary      one line for people: what was found, or why nothing could be said
 * @param evidence     what was measured, the limits, the objects involved (strings, numbers, booleans, lists, maps)
 * @param measurements numeric values for metrics (e.g. {@code lock_wait_seconds}); empty when there are none
 * @param at           when the run finished, from the context's clock
 */
public record CheckResult(String check, CheckStatus status, Severity severity, IssueType issue, String summary,
                          Map<String, Object> evidence, Map<String, Double> measurements, Instant at) {
    private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n]+\\s*");

    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        if ((status == CheckStatus.BREACH) != (severity != null && issue != null)) {
            throw new IllegalArgumentException("a breach, and only a breach, has a severity and an issue");
        }
        summary = oneLine(summary);
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        measurements = Collections.unmodifiableMap(new LinkedHashMap<>(measurements));
    }

    public static CheckResult ok(String check, Instant at, String summary, Map<String, Object> evidence) {
        return new CheckResult(check, CheckStatus.OK, null, null, summary, evidence, Map.of(), at);
    }

    public static CheckResult breach(String check, Instant at, IssueType issue, Severity severity, String summary,
                                     Map<String, Object> evidence) {
        return new CheckResult(check, CheckStatus.BREACH, Objects.requireNonNull(severity, "severity"),
                Objects.requireNonNull(issue, "issue"), summary, evidence, Map.of(), at);
    }

    public static CheckResult inconclusive(String check, Instant at, String reason) {
        return inconclusive(check, at, reason, Map.of());
    }

    public static CheckResult inconclusive(String check, Instant at, String reason, Map<String, Object> evidence) {
        return new CheckResult(check, CheckStatus.INCONCLUSIVE, null, null, reason, evidence, Map.of(), at);
    }

    /** The same result carrying numeric values for metrics. */
    public CheckResult withMeasurements(Map<String, Double> values) {
        return new CheckResult(check, status, severity, issue, summary, evidence, values, at);
    }

    /**
     * The same result amended by what was done about it: {@code summaryAddition} appended to the
     * summary, {@code value} added to the evidence under {@code evidenceKey} (replacing any value there).
     */
    public CheckResult withAddendum(String summaryAddition, String evidenceKey, Object value) {
        Map<String, Object> amended = new LinkedHashMap<>(evidence);
        amended.put(Objects.requireNonNull(evidenceKey, "evidenceKey"), Objects.requireNonNull(value, "value"));
        return new CheckResult(check, status, severity, issue, summary + Objects.requireNonNull(summaryAddition,
                "summaryAddition"), amended, measurements, at);
    }

    public boolean isBreach() {
        return status == CheckStatus.BREACH;
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        // Results are made several times a second per target: compile the pattern once, use it only when needed.
        boolean breaks = text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        return (breaks ? LINE_BREAKS.matcher(text).replaceAll(" ") : text).strip();
    }
}
