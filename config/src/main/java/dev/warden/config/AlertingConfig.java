package dev.warden.config;

import dev.warden.config.schema.Found;
import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where alerts go. Alertmanager's API is push-only and stateless: every firing alert is re-sent each
 * {@code resend_interval} to every Alertmanager (not through a balancer), and a resolved one keeps
 * being re-sent for {@code resolved_resend_for}. Nothing configured means nothing is sent; alerts are
 * still recorded in the state store.
 *
 * <p>{@code runbookBaseUrl} is where alerts link their runbook page ({@code BASE + ALERTNAME.md}): a URL,
 * the empty string for no link, or {@code null} (the default) for Warden's own HTTP server, which serves
 * the runbooks of {@code docs/runbooks} at {@code /runbooks/ALERTNAME.md} (see {@link #runbooks(String)}).
 */
public record AlertingConfig(List<HttpUrl> alertmanagers, Duration resendInterval, Duration resolvedResendFor,
                             Duration timeout, String runbookBaseUrl, List<WebhookConfig> webhooks) {

    /** Where Warden's HTTP server serves the runbooks, below its base URL. */
    public static final String RUNBOOKS_PATH = "/runbooks/";

    static final Key<List<HttpUrl>> ALERTMANAGERS = Key.of("alertmanagers", Types.httpUrlList(), List.of(),
            "Alertmanager base URLs (http://host:9093), each sent every alert, not through a balancer; empty sends none.");
    static final Key<Duration> RESEND_INTERVAL = Key.of("resend_interval", Types.duration(Duration.ofMillis(100)),
            Duration.ofMinutes(1), "How often firing alerts are re-sent; each expires 4 intervals after its last send.");
    static final Key<Duration> RESOLVED_RESEND_FOR = Key.of("resolved_resend_for", Types.duration(Duration.ZERO),
            Duration.ofMinutes(5), "How long a resolved alert keeps being re-sent before Warden forgets it (never before every"
                    + " Alertmanager took it as resolved).");
    static final Key<Duration> TIMEOUT = Key.of("timeout", Types.timeout(Duration.ofMillis(100)), Duration.ofSeconds(5),
            "Time limit to connect to an Alertmanager or a webhook, and again for its answer.");
    static final Key<String> RUNBOOK_BASE_URL = Key.derived("runbook_base_url", Types.string(),
            "Warden's own server: http://HOST:PORT/runbooks/",
            "Alerts link to this URL plus ALERTNAME.md as their runbook_url; empty leaves the link out. By default"
                    + " Warden serves the runbooks itself (GET /runbooks/ALERTNAME.md).");

    static final Section SECTION = Section.of("alerting", "Alertmanager and webhook delivery of Warden's alerts.",
            List.of(ALERTMANAGERS, RESEND_INTERVAL, RESOLVED_RESEND_FOR, TIMEOUT, RUNBOOK_BASE_URL),
            List.of(WebhookConfig.SECTION));

    public AlertingConfig {
        alertmanagers = List.copyOf(alertmanagers);
        webhooks = List.copyOf(webhooks);
    }

    /** True when at least one Alertmanager or webhook is configured. */
    public boolean enabled() {
        return !alertmanagers.isEmpty() || !webhooks.isEmpty();
    }

    /**
     * The runbook base URL alerts use: the configured one, or {@code wardenBaseUrl} (Warden's own HTTP
     * server, such as {@code http://warden.internal:9746}) plus {@code /runbooks/} when none is configured;
     * empty means no link.
     */
    public String runbooks(String wardenBaseUrl) {
        if (runbookBaseUrl != null) {
            return runbookBaseUrl;
        }
        return wardenBaseUrl == null || wardenBaseUrl.isEmpty() ? "" : wardenBaseUrl.replaceAll("/+$", "") + RUNBOOKS_PATH;
    }

    /** How long a firing alert stays active in an Alertmanager after its last send: 4 resend intervals. */
    public Duration expiry() {
        return resendInterval.multipliedBy(4);
    }

    static AlertingConfig read(Node node) {
        List<HttpUrl> alertmanagers = node.get(ALERTMANAGERS);
        String runbooks = node.get(RUNBOOK_BASE_URL);
        if (runbooks != null && !runbooks.isEmpty()) {
            try {
                HttpUrl.parse(runbooks);
            } catch (IllegalArgumentException e) {
                node.problem(RUNBOOK_BASE_URL.name(), e.getMessage() + " or an empty string, found " + Found.quote(runbooks));
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < alertmanagers.size(); i++) {
            if (!seen.add(alertmanagers.get(i).url())) {
                node.problem(ALERTMANAGERS.name() + "[" + i + "]", "expected each Alertmanager once, found "
                        + alertmanagers.get(i) + " again");
            }
        }
        List<WebhookConfig> webhooks = new ArrayList<>();
        for (Node webhook : node.list(WebhookConfig.SECTION)) {
            webhooks.add(WebhookConfig.read(webhook));
        }
        return new AlertingConfig(alertmanagers, node.get(RESEND_INTERVAL), node.get(RESOLVED_RESEND_FOR),
                node.get(TIMEOUT), runbooks, webhooks);
    }
}
