package dev.warden.daemon;

import java.util.OptionalDouble;

/** Reads one series' value out of a Prometheus text exposition. */
final class MetricsText {
    private MetricsText() {
    }

    /** The value of {@code series} (name plus labels exactly as exposed), if present. */
    static OptionalDouble value(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) {
                return OptionalDouble.of(Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]));
            }
        }
        return OptionalDouble.empty();
    }
}
