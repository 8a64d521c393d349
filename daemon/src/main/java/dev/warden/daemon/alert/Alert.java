package dev.warden.daemon.alert;

import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.config.schema.Types;
import io.vertx.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What Warden alerts about, in Alertmanager's terms: labels that identify the alert ({@code alertname},
 * {@code severity}, {@code target}, {@code check}, {@code issue}, {@code issue_severity}) and annotations
 * that explain it ({@code summary}, {@code description}: a sentence a human reads, {@code evidence}: what
 * the check saw, as JSON, {@code runbook_url}, and {@code action}: what Warden does about it). Two alerts
 * with the same labels are the same alert. Values are scrubbed of credentials: a connection URI's
 * password or a {@code password=} never leaves Warden in an alert.
 *
 * <p>The {@code severity} label follows the Prometheus rules' convention, {@code critical} (look now),
 * {@code warning} (look soon) or {@code info} (nothing to do now), so that the example Alertmanager's
 * inhibition (critical over warning) works for Warden's alerts too. From an issue's severity
 * ({@link #severityLabel}): critical and high are {@code critical} (the decision matrix acts on them
 * within minutes: rollbacks of 5 to 15 minutes), medium is {@code warning}, low is {@code info}. The
 * issue's own severity stays in the {@code issue_severity} label.
 */
public record Alert(Map<String, String> labels, Map<String, String> annotations, String generatorUrl) {
    /** A check found a problem (ok / breach / inconclusive: the breach). */
    public static final String CHECK_BREACH = "WardenCheckBreach";
    /** A check could not run: it pages a human and never rolls anything back. */
    public static final String CHECK_INCONCLUSIVE = "WardenCheckInconclusive";
    /** The target does not answer Warden's heartbeat. */
    public static final String TARGET_DOWN = "WardenTargetDown";
    /** Warden's own state database does not answer (at start-up, or later). */
    public static final String STATE_STORE_DOWN = "WardenStateStoreDown";
    /** The decision matrix chose an action (or a rollback is waiting for approval). */
    public static final String DECISION = "WardenDecision";

    /** Two or more cluster nodes have watched one target for longer than the heartbeat timeout (issue 16). */
    public static final String SPLIT_BRAIN = "WardenSplitBrain";

    /** A {@code warden migrate} run ended failed (its command failed, was cancelled, or a check breached after it). */
    public static final String MIGRATION_FAILED = "WardenMigrationFailed";

    /** The longest {@code evidence} annotation; longer evidence is cut and says so. */
    static final int MAX_EVIDENCE = 2000;

    private static final Pattern URI_PASSWORD = Pattern.compile("(://[^:/@\\s]*:)[^@\\s]*@");
    private static final Pattern KEYWORD_PASSWORD = Pattern.compile("(?i)(password\\s*=\\s*)('[^']*'|\\S+)");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** Labels sorted by name, empty values dropped (Alertmanager treats them as absent). */
    public Alert {
        Objects.requireNonNull(labels.get("alertname"), "the alertname label");
        TreeMap<String, String> cleanLabels = new TreeMap<>();
        labels.forEach((name, value) -> {
            if (!LABEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("label name " + name + " is not a Prometheus label name");
            }
            if (value != null && !value.isEmpty()) {
                cleanLabels.put(name, scrub(value));
            }
        });
        TreeMap<String, String> cleanAnnotations = new TreeMap<>();
        annotations.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                cleanAnnotations.put(name, scrub(value));
            }
        });
        labels = Collections.unmodifiableSortedMap(cleanLabels);
        annotations = Collections.unmodifiableSortedMap(cleanAnnotations);
        generatorUrl = generatorUrl == null ? "" : scrub(generatorUrl);
    }

    /**
     * An alert with its name, its {@code severity} label (mapped from the issue severity, see
     * {@link #severityLabel}) and target; add the rest with the {@code with...} methods.
     */
    public static Alert of(String alertname, Severity severity, String target) {
        return new Alert(Map.of("alertname", alertname, "severity", severityLabel(severity), "target", target),
                Map.of(), "");
    }

    /** Alertmanager's severity for an issue's: critical and high page ({@code critical}), medium {@code warning}, low {@code info}. */
    public static String severityLabel(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "critical";
            case MEDIUM -> "warning";
            case LOW -> "info";
        };
    }

    public static Alert checkBreach(String target, String check, IssueType issue, Severity severity, String summary) {
        return of(CHECK_BREACH, severity, target).withLabel("check", check).withIssue(issue, severity)
                .withAnnotation("summary", summary)
                .withDescription(sentence(check + " found a " + Types.yamlName(severity) + " " + Types.yamlName(issue)
                        + " breach on " + target + ": " + summary) + " When the target's decision matrix has a rule"
                        + " for it, a WardenDecision alert says what became of it; without one (schema_change, for"
                        + " instance) it is only alerted. It resolves when " + check + " passes again.");
    }

    public static Alert checkInconclusive(String target, String check, Severity severity, String summary) {
        return of(CHECK_INCONCLUSIVE, severity, target).withLabel("check", check).withAnnotation("summary", summary)
                .withDescription(sentence(check + " could not tell whether " + target + " is healthy: " + summary)
                        + " Warden never rolls back on an inconclusive check; it keeps running it on schedule,"
                        + " and a human should look at why it cannot run.");
    }

    public static Alert targetDown(String target, String summary) {
        return of(TARGET_DOWN, Severity.HIGH, target).withAnnotation("summary", summary)
                .withDescription(sentence("Warden cannot reach " + target + ": " + summary) + " Warden keeps"
                        + " reconnecting with backoff; until " + target + " answers, its checks are inconclusive and"
                        + " Warden cannot roll it back.");
    }

    /**
     * Warden's state database does not answer; critical, since Warden can neither record nor decide
     * without it. No {@code target} label: it concerns Warden itself.
     */
    public static Alert stateStoreDown(String summary) {
        return new Alert(Map.of("alertname", STATE_STORE_DOWN, "severity", "critical"), Map.of(), "")
                .withAnnotation("summary", summary)
                .withDescription(sentence("Warden's state database does not answer: " + summary) + " Warden keeps"
                        + " trying; meanwhile nothing that needs the store (snapshots, decisions, the rollback journal) can be"
                        + " recorded, the API answers 503 where it needs the store, and /health/ready says what is missing.");
    }

    /** {@code action} says what Warden does, such as "full_rollback pending approval". */
    public static Alert decision(String target, IssueType issue, Severity severity, String summary, String action) {
        return of(DECISION, severity, target).withIssue(issue, severity)
                .withAnnotation("summary", summary).withAnnotation("action", action)
                .withDescription("The decision matrix decided on a " + Types.yamlName(severity) + " "
                        + Types.yamlName(issue) + " on " + target + ": " + sentence(summary)
                        + " Warden: " + sentence(action));
    }

    /**
     * A warning, not a page: the decision matrix has already acted on the failure, and an action that
     * needs a human raises its own alert. {@code outcome} says what became of it (decision, rollback).
     */
    public static Alert migrationFailed(String target, String migrationId, String reasons, String outcome,
                                        String reportUrl) {
        return of(MIGRATION_FAILED, Severity.MEDIUM, target).withAnnotation("migration_id", migrationId)
                .withAnnotation("summary", "migration " + migrationId + " on " + target + " failed: " + reasons)
                .withAnnotation("report_url", reportUrl)
                .withDescription(sentence("warden migrate's run " + migrationId + " on " + target + " failed: " + reasons)
                        + " " + sentence(outcome) + " Its report: " + reportUrl + " (warden report " + migrationId
                        + "). It resolves when a migration on " + target + " succeeds.");
    }

    /** The key of {@link #splitBrain}'s alert about {@code target}. */
    public static String splitBrainKey(String target) {
        return of(SPLIT_BRAIN, Severity.MEDIUM, target).key();
    }

    /**
     * A warning: {@code nodes} (sorted) have all watched {@code target} since {@code since}, longer than the
     * heartbeat timeout in which a failover ends; they do not see each other. Nothing acts twice (every
     * action takes the target's advisory lock), but the cluster is split.
     */
    public static Alert splitBrain(String target, List<String> nodes, Instant since, Duration timeout) {
        String names = String.join(", ", nodes);
        return of(SPLIT_BRAIN, Severity.MEDIUM, target).withAnnotation("nodes", names)
                .withAnnotation("since", since.toString())
                .withAnnotation("summary", target + " is watched by " + nodes.size() + " Warden nodes at once: " + names)
                .withDescription("Warden nodes " + names + " have all watched " + target + " since " + since
                        + ", longer than the cluster's heartbeat timeout (" + timeout.toSeconds() + " s): they do not"
                        + " see each other (a network partition, or cluster.members lists that leave each other out)."
                        + " Each runs " + target + "'s checks; its rollbacks still run one at a time (the target's"
                        + " advisory lock). It resolves when only one node watches " + target + ".");
    }

    private Alert withIssue(IssueType issue, Severity severity) {
        return withLabel("issue", Types.yamlName(issue)).withLabel("issue_severity", Types.yamlName(severity));
    }

    public Alert withLabel(String name, String value) {
        Map<String, String> copy = new TreeMap<>(labels);
        copy.put(name, value);
        return new Alert(copy, annotations, generatorUrl);
    }

    public Alert withAnnotation(String name, String value) {
        Map<String, String> copy = new TreeMap<>(annotations);
        copy.put(name, value);
        return new Alert(labels, copy, generatorUrl);
    }

    /** A sentence or two a human reads: what happened, on which target, what Warden did or will do. */
    public Alert withDescription(String description) {
        return withAnnotation("description", description);
    }

    /**
     * What the check saw, as JSON in its own {@code evidence} annotation (a map becomes an object, a list
     * an array); beyond {@value #MAX_EVIDENCE} characters it is cut and ends with how much was left out.
     */
    public Alert withEvidence(Object evidence) {
        if (evidence == null) {
            return this;
        }
        String json = Json.encode(evidence);
        if (json.length() > MAX_EVIDENCE) {
            String marker = "... (truncated, " + json.length() + " characters)";
            json = json.substring(0, MAX_EVIDENCE - marker.length()) + marker;
        }
        return withAnnotation("evidence", json);
    }

    /** Where a human sees the alert's source, such as Warden's API URL for the target's checks. */
    public Alert withGeneratorUrl(String url) {
        return new Alert(labels, annotations, url);
    }

    /** The alert's identity: its name and its labels sorted, as in {@code Name{label="value",...}}. */
    public String key() {
        return key(labels);
    }

    static String key(Map<String, String> labels) {
        StringBuilder key = new StringBuilder(labels.get("alertname")).append('{');
        String separator = "";
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            if (!label.getKey().equals("alertname")) {
                key.append(separator).append(label.getKey()).append("=\"")
                        .append(label.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                separator = ",";
            }
        }
        return key.append('}').toString();
    }

    public String alertname() {
        return labels.get("alertname");
    }

    public String label(String name) {
        return labels.getOrDefault(name, "");
    }

    public String annotation(String name) {
        return annotations.getOrDefault(name, "");
    }

    /** The text as a sentence: stripped, ending with a full stop unless it ends with one already. */
    static String sentence(String text) {
        String trimmed = text.strip();
        return trimmed.endsWith(".") || trimmed.endsWith("!") || trimmed.endsWith("?") ? trimmed : trimmed + ".";
    }

    static String scrub(String text) {
        return KEYWORD_PASSWORD.matcher(URI_PASSWORD.matcher(text).replaceAll("$1****@")).replaceAll("$1****");
    }
}
