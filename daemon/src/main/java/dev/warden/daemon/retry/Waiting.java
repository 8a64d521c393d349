package dev.warden.daemon.retry;

import dev.warden.config.ConnectionSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What start-up waits for, in the words of the log and of {@code /health/ready}'s {@code waiting_for}:
 * {@code state store at db.internal:5432/warden: connection refused (attempt 4, next in 4 s)}.
 *
 * @param what    the dependency and where it is, redacted (never a password)
 * @param error   the last attempt's error, one line
 * @param attempt how many attempts failed so far
 * @param nextAt  when the next attempt starts
 */
public record Waiting(String what, String error, int attempt, Instant nextAt) {

    /** The sentence with the time left until the next attempt, as seen at {@code now}. */
    public String describe(Instant now) {
        Duration left = Duration.between(now, nextAt);
        return what + ": " + error + " (attempt " + attempt + ", next in " + seconds(left.isNegative() ? Duration.ZERO : left)
                + ")";
    }

    /** host:port/database, as a waiting message names a server: no user, no password. */
    public static String address(ConnectionSpec connection) {
        String host = connection.host().contains(":") ? "[" + connection.host() + "]" : connection.host();
        return host + ":" + connection.port() + "/" + connection.database();
    }

    /** 4 s, 0.5 s, 15 s: whole seconds without a fraction, else one decimal. */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
