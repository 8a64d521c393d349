package dev.warden.rollback.backup;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A backup that exists.
 *
 * @param id        stable identifier (the clone's database name, the dump's name, the command's id)
 * @param kind      the {@link BackupMethod#kind()} that took it
 * @param location  where it is: a database name, a file path, whatever the command printed
 * @param sizeBytes its size, or -1 when unknown
 * @param createdAt when its contents were taken
 * @param checksum  SHA-256 of a file backup in hex, or null
 * @param verified  whether a {@link Verification} passed
 * @param rowCounts exact row counts of the critical tables at {@code createdAt}, keyed by
 *                  {@code schema.table}; empty when the kind cannot take them consistently
 * @param details   anything else worth keeping (source, server version, skipped counts...)
 */
public record Backup(String id, String kind, String location, long sizeBytes, Instant createdAt, String checksum,
                     boolean verified, Map<String, Long> rowCounts, Map<String, String> details) {

    public Backup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(createdAt, "createdAt");
        rowCounts = Collections.unmodifiableMap(new LinkedHashMap<>(rowCounts));
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** This backup, marked verified when {@code verification} passed. */
    public Backup withVerification(Verification verification) {
        return new Backup(id, kind, location, sizeBytes, createdAt, checksum, verification.ok(), rowCounts, details);
    }

    /** This backup with one more detail (or a detail replaced). */
    public Backup withDetail(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new Backup(id, kind, location, sizeBytes, createdAt, checksum, verified, rowCounts, more);
    }
}
