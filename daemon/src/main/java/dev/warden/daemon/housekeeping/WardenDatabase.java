package dev.warden.daemon.housekeeping;

import dev.warden.daemon.drill.Drills;
import dev.warden.rollback.backup.BackupNames;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database Warden made beside a target, known by its name alone: what it is and when it was made.
 *
 * @param stampedAt the UTC second in its name (when its rollback or backup was requested)
 */
record WardenDatabase(String name, Kind kind, Instant stampedAt, long sizeBytes, int sessions) {
    private static final Pattern STAMPED = Pattern.compile("^(.*)__(replaced|restored|warden)_(\\d{8}T\\d{6}Z)(_[a-z_]+)?$");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /** What made it, and so who removes it. */
    enum Kind {
        /** What held the target's name before a branch swap; kept for the operator, never dropped by a rollback. */
        REPLACED,
        /** A restore a swap did not finish renaming; the rollback that made it redoes or drops it. */
        RESTORED,
        /** A snapshot's clone backup (or a pre-rollback one); snapshot retention removes it. */
        CLONE,
        /** A drill's scratch copy; the drill drops it, and a prune the copies of drills that ended without doing so. */
        SCRATCH
    }

    /** What the name says, for a database Warden made beside {@code target} (the target's database name), or empty. */
    static Optional<WardenDatabase> recognise(String name, String target, long sizeBytes, int sessions) {
        if (name.startsWith(Drills.SCRATCH_PREFIX)) {
            return Optional.of(new WardenDatabase(name, Kind.SCRATCH, null, sizeBytes, sessions));
        }
        Matcher m = STAMPED.matcher(name);
        // Exactly the name Warden would give for this target: orders__replaced_... is not orders_eu's.
        if (!m.matches() || !BackupNames.withSuffix(target, name.substring(m.group(1).length())).equals(name)) {
            return Optional.empty();
        }
        Kind kind = switch (m.group(2)) {
            case "replaced" -> Kind.REPLACED;
            case "restored" -> Kind.RESTORED;
            default -> Kind.CLONE;
        };
        Instant at = LocalDateTime.parse(m.group(3), STAMP).toInstant(ZoneOffset.UTC);
        return Optional.of(new WardenDatabase(name, kind, at, sizeBytes, sessions));
    }

    /** This database with the time it was made, learnt elsewhere (a drill copy's name carries none). */
    WardenDatabase stampedAt(Instant at) {
        return new WardenDatabase(name, kind, at, sizeBytes, sessions);
    }

    /** A drill copy's drill id: the 12 hex digits after the prefix; null for other kinds. */
    String drillId() {
        return kind == Kind.SCRATCH && name.length() >= Drills.SCRATCH_PREFIX.length() + 12
                ? name.substring(Drills.SCRATCH_PREFIX.length(), Drills.SCRATCH_PREFIX.length() + 12) : null;
    }

    Duration age(Instant now) {
        return stampedAt == null ? null : Duration.between(stampedAt, now);
    }

    JsonObject toJson(Instant now) {
        return new JsonObject().put("name", name).put("kind", kind.name().toLowerCase())
                .put("stamped_at", stampedAt == null ? null : stampedAt.toString())
                .put("age_seconds", stampedAt == null ? null : age(now).toSeconds())
                .put("size_bytes", sizeBytes).put("sessions", sessions);
    }
}
