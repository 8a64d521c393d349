package dev.warden.config;

import dev.warden.config.schema.Durations;
import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Types;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whether a built-in check runs, how often ({@code schedule}: the interval between two runs) and how
 * long one run may take before it counts as inconclusive. Every check section starts with these three keys.
 */
public record CheckSchedule(boolean enabled, Duration interval, Duration timeout) {
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MIN_TIMEOUT = Duration.ofMillis(100);

    /** The three keys of one check section, with that check's defaults. */
    record Keys(Key<Boolean> enabled, Key<Duration> schedule, Key<Duration> timeout) {
        List<Key<?>> all() {
            return List.of(enabled, schedule, timeout);
        }

        /** These three keys followed by a check's own. */
        List<Key<?>> plus(Key<?>... own) {
            return Stream.concat(all().stream(), Stream.of(own)).toList();
        }
    }

    /** Keys of a database check: enabled unless switched off. */
    static Keys keys(Duration interval, Duration timeout) {
        return new Keys(Key.of("enabled", Types.bool(), true, "Whether this check runs."),
                scheduleKey(interval), timeoutKey(timeout));
    }

    /** Keys of a check that has nothing to do until its list is filled in. */
    static Keys listKeys(String listName, Duration interval, Duration timeout) {
        return new Keys(Key.derived("enabled", Types.bool(), "true when " + listName + " is non-empty",
                "Whether this check runs."), scheduleKey(interval), timeoutKey(timeout));
    }

    static CheckSchedule read(Node node, Keys keys, boolean enabledByDefault) {
        Boolean enabled = node.get(keys.enabled());
        Duration interval = node.get(keys.schedule());
        // A default the user never wrote must not contradict what they did write: only a timeout
        // they set themselves can be refused for outlasting the schedule.
        Duration timeout = node.has(keys.timeout()) || interval == null ? node.get(keys.timeout())
                : followingSchedule(keys.timeout().defaultValue(), interval);
        CheckSchedule schedule = new CheckSchedule(enabled != null ? enabled : enabledByDefault, interval, timeout);
        if (node.has(keys.timeout())) {
            requireAtMost(node, keys.timeout().name(), timeout, keys.schedule().name(), interval);
        }
        return schedule;
    }

    /** The check's default timeout, or two thirds of a schedule too short for it (never under the minimum). */
    static Duration followingSchedule(Duration defaultTimeout, Duration interval) {
        Duration share = Duration.ofMillis(interval.toMillis() * 2 / 3);
        Duration shorter = share.compareTo(defaultTimeout) < 0 ? share : defaultTimeout;
        return shorter.compareTo(MIN_TIMEOUT) < 0 ? MIN_TIMEOUT : shorter;
    }

    /**
     * The value of {@code key}, which may not exceed {@code limitKey}'s: one the user wrote is refused
     * beyond it (a problem is recorded), while the default gives way to it.
     */
    static Duration atMost(Node node, Key<Duration> key, String limitKey, Duration limit) {
        Duration value = node.get(key);
        if (!node.has(key)) {
            return value != null && limit != null && value.compareTo(limit) > 0 ? limit : value;
        }
        requireAtMost(node, key.name(), value, limitKey, limit);
        return value;
    }

    /** Records a problem at {@code key} when its value exceeds the one of {@code limitKey}. */
    private static void requireAtMost(Node node, String key, Duration value, String limitKey, Duration limit) {
        if (value != null && limit != null && value.compareTo(limit) > 0) {
            node.problem(key, "expected at most " + limitKey + " (" + Durations.format(limit) + "), found "
                    + Durations.format(value));
        }
    }

    private static Key<Duration> scheduleKey(Duration interval) {
        return Key.of("schedule", Types.duration(MIN_INTERVAL), interval, "Interval between two runs of this check.");
    }

    private static Key<Duration> timeoutKey(Duration timeout) {
        return Key.of("timeout", Types.timeout(MIN_TIMEOUT), timeout,
                "Time limit of one run; a run that takes longer is inconclusive, never a breach. Unset, it is this"
                        + " default or two thirds of schedule, whichever is shorter.");
    }
}
