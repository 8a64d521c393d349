package dev.warden.checks.builtin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds evidence maps in the order written; null values are left out rather than stored. */
final class Evidence {
    private Evidence() {
    }

    static Map<String, Object> of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected key, value pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    /** Seconds with millisecond precision, for evidence and measurements. */
    static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
