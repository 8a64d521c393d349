package dev.warden.daemon.housekeeping;

import dev.warden.config.schema.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which of a target's Warden-made databases a prune may drop, and why each other one stays. Replaced
 * databases and the copies of drills that ended without dropping them are Warden's to prune; clones
 * and unfinished restores have an owner that removes them (snapshot retention, the rollback that
 * made them). A database stays while it is younger than the retention asked for, while a session
 * uses it, while a rollback or a running drill may still need it, and (replaced ones) while an
 * incident is open on the target.
 *
 * @param needed       why a rollback or a drill still needs a database, by name
 * @param openIncident why every replaced database stays while an incident is open on the target, or null
 */
record PruneRule(Duration olderThan, Instant now, Map<String, String> needed, String openIncident) {
    /** The smallest retention a prune accepts: a swap's replaced database is what an operator inspects first. */
    static final Duration MIN_RETENTION = Duration.ofHours(1);

    /** This rule, with more databases that must stay and why. */
    PruneRule alsoNeeding(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(needed);
        all.putAll(more);
        return new PruneRule(olderThan, now, Map.copyOf(all), openIncident);
    }

    /** Why {@code database} stays, or empty when it may be dropped. */
    Optional<String> keeps(WardenDatabase database) {
        return switch (database.kind()) {
            case CLONE -> Optional.of("a snapshot's backup: snapshot retention removes it with its snapshot");
            case RESTORED -> Optional.of("an unfinished swap's restore: the rollback that made it redoes or drops it");
            case SCRATCH -> left(database);
            case REPLACED -> openIncident != null ? Optional.of(openIncident) : left(database);
        };
    }

    /** A database left behind on purpose (replaced) or by accident (a killed drill's copy). */
    private Optional<String> left(WardenDatabase database) {
        if (needed.containsKey(database.name())) {
            return Optional.of(needed.get(database.name()));
        }
        Duration age = database.age(now);
        if (age.compareTo(olderThan) < 0) {
            return Optional.of("younger than " + Durations.format(olderThan) + " (" + Durations.format(age.withNanos(0))
                    + " old)");
        }
        if (database.sessions() > 0) {
            return Optional.of("in use: " + database.sessions() + " session(s) connected");
        }
        return Optional.empty();
    }
}
