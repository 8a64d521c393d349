package dev.warden.checks.activity;

import dev.warden.config.CheckSchedule;
import dev.warden.config.TargetConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Groups targets by server and role and gives each target its group's {@link SharedReading}.
 *
 * <p>Freshness: a reading is reused for a tenth of the shortest interval of the checks that read it
 * (lock_waits, migration_duration) among the group's targets, and never more than {@link #MAX_FRESHNESS}:
 * 1.5 s at the default 15 s. The targets' triggers of one cycle fire within that span, so they share;
 * the next cycle always reads again. A result may thus describe the server up to that long before the
 * check ran, as if the check had run that much earlier: a wait crossing a limit within that span is
 * judged at the next cycle, never misjudged (ages are measured at the reading, never extrapolated).
 */
public final class ServerActivities {
    public static final Duration MAX_FRESHNESS = Duration.ofSeconds(2);
    private static final int FRACTION_OF_INTERVAL = 10;

    private final Map<String, SharedReading> byTarget;
    private final List<SharedReading> groups;

    private ServerActivities(Map<String, SharedReading> byTarget, List<SharedReading> groups) {
        this.byTarget = byTarget;
        this.groups = groups;
    }

    public static ServerActivities of(List<TargetConfig> targets) {
        return of(targets, System::nanoTime);
    }

    static ServerActivities of(List<TargetConfig> targets, LongSupplier nanoTime) {
        Map<ServerRole, List<TargetConfig>> byServer = new LinkedHashMap<>();
        targets.forEach(t -> byServer.computeIfAbsent(ServerRole.of(t.connection()), k -> new ArrayList<>()).add(t));
        Map<String, SharedReading> byTarget = new LinkedHashMap<>();
        List<SharedReading> groups = new ArrayList<>();
        byServer.forEach((server, members) -> {
            SharedReading reading = new SharedReading(server, members.stream().map(TargetConfig::name).toList(),
                    freshness(members), nanoTime);
            groups.add(reading);
            members.forEach(t -> byTarget.put(t.name(), reading));
        });
        return new ServerActivities(byTarget, groups);
    }

    static Duration freshness(List<TargetConfig> members) {
        Duration shortest = members.stream()
                .flatMap(t -> Stream.of(t.checks().lockWaits().schedule(), t.checks().migrationDuration().schedule()))
                .filter(CheckSchedule::enabled).map(CheckSchedule::interval).min(Duration::compareTo)
                .orElse(MAX_FRESHNESS.multipliedBy(FRACTION_OF_INTERVAL));
        Duration tenth = shortest.dividedBy(FRACTION_OF_INTERVAL);
        return tenth.compareTo(MAX_FRESHNESS) < 0 ? tenth : MAX_FRESHNESS;
    }

    /** The target's source; a target not configured gets readings of its own. */
    public ActivitySource forTarget(TargetConfig target) {
        SharedReading reading = byTarget.get(target.name());
        return reading == null ? ActivitySource.direct() : reading.forDatabase(target.connection().database());
    }

    /** One group per server and role, in the configuration's order. */
    public List<SharedReading> groups() {
        return groups;
    }
}
