package dev.warden.daemon.alert;

import java.time.Duration;
import java.util.Locale;

/**
 * The one-line message a chat channel shows, in the spirit of the runbooks' communication templates:
 * what broke, where, how bad, and what Warden does about it.
 * <pre>
 * :rotating_light: [CRITICAL] orders: row_count_drift breached: public.orders dropped 40%. Warden: full_rollback pending approval.
 * :white_check_mark: Resolved after 12m: [CRITICAL] orders: row_count_drift breached: public.orders dropped 40%.
 * </pre>
 */
final class SlackText {
    private SlackText() {
    }

    static String of(AlertEntry entry) {
        Alert alert = entry.alert();
        String severity = alert.label("severity").toUpperCase(Locale.ROOT);
        String target = alert.label("target");
        String summary = alert.annotation("summary").isEmpty() ? alert.alertname() : alert.annotation("summary");
        StringBuilder text = new StringBuilder();
        if (entry.firing()) {
            text.append(emoji(alert.label("severity"))).append(' ');
        } else {
            Duration lasted = Duration.between(entry.startsAt(), entry.resolvedAt().orElse(entry.startsAt()));
            text.append(":white_check_mark: Resolved after ").append(human(lasted)).append(": ");
        }
        if (!severity.isEmpty()) {
            text.append('[').append(severity).append("] ");
        }
        if (!target.isEmpty()) {
            text.append(target).append(": ");
        }
        text.append(Alert.sentence(summary));
        if (entry.firing() && !alert.annotation("action").isEmpty()) {
            text.append(" Warden: ").append(Alert.sentence(alert.annotation("action")));
        }
        if (entry.firing() && !alert.annotation("runbook_url").isEmpty()) {
            text.append(" Runbook: ").append(alert.annotation("runbook_url"));
        }
        return text.toString();
    }

    private static String emoji(String severity) {
        return switch (severity) {
            case "critical" -> ":rotating_light:";
            case "warning" -> ":warning:";
            default -> ":information_source:";
        };
    }

    private static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        return seconds / 3600 + "h" + (seconds % 3600 / 60 == 0 ? "" : seconds % 3600 / 60 + "m");
    }
}
