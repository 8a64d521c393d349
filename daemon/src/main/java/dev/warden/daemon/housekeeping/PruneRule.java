package dev.warden.daemon.housekeeping;

import dev.warden.config.schema.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Which of a target's Warden-made databases a prune may drop, and why each other one stays. Only
 * replaced databases are Warden's to prune: every other kind has an owner that removes it (snapshot
 * retention, the rollback that made it, the drill). A replaced database stays while it is younger
 * than the retention asked for, while a session uses it, and while a rollback may still need it.
 *
 * @param needed       why a rollback still needs a database, by name
 * @param openIncident why every replaced database stays while an incident is open on the target, or null
 */
record PruneRule(Duration olderThan, Instant now, Map<String, String> needed, String openIncident) {
    /** The smallest retention a prune accepts: a swap's replaced database is what an operator inspects first. */
    static final Duration MIN_RETENTION = Duration.ofHours(1);

    /** Why {@code database} stays, or empty when it may be dropped. */
    Optional<String> keeps(WardenDatabase database) {
        return switch (database.kind()) {
            case CLONE -> Optional.of("a snapshot's backup: snapshot retention removes it with its snapshot");
            case RESTORED -> Optional.of("an unfinished swap's restore: the rollback that made it redoes or drops it");
            case SCRATCH -> Optional.of("a drill's copy: the drill drops it, or Warden's next start-up");
            case REPLACED -> replaced(database);
        };
    }

    private Optional<String> replaced(WardenDatabase database) {
        if (openIncident != null) {
            return Optional.of(openIncident);
        }
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
