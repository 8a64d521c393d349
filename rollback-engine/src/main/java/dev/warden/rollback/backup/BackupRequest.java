package dev.warden.rollback.backup;

import io.vertx.pgclient.PgConnectOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What to back up and why.
 *
 * @param target         the configured target's name (for logs and the command kind's environment)
 * @param source         how to reach the database to back up; its database name is the source
 * @param reason         why the backup is taken ("before migration V42", "scheduled"), kept with it
 * @param criticalTables tables whose exact row counts the backup is verified against
 *                       ({@code orders} or {@code sales.orders})
 * @param requestedAt    when it was asked for; names the backup
 */
public record BackupRequest(String target, PgConnectOptions source, String reason, List<String> criticalTables,
                            Instant requestedAt, String nameQualifier) {

    public BackupRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(source.getDatabase(), "source database");
        Objects.requireNonNull(requestedAt, "requestedAt");
        source = new PgConnectOptions(source);
        reason = reason == null ? "" : reason;
        criticalTables = List.copyOf(criticalTables);
        nameQualifier = nameQualifier == null ? "" : nameQualifier;
    }

    /** A request whose backup is named from the source and the time alone. */
    public BackupRequest(String target, PgConnectOptions source, String reason, List<String> criticalTables,
                         Instant requestedAt) {
        this(target, source, reason, criticalTables, requestedAt, "");
    }

    /** A request stamped with {@code clock}'s current instant. */
    public static BackupRequest of(String target, PgConnectOptions source, String reason,
                                   List<String> criticalTables, Clock clock) {
        return new BackupRequest(target, source, reason, criticalTables, clock.instant());
    }

    /** A copy, so that nobody changes the request's connection behind its back. */
    @Override
    public PgConnectOptions source() {
        return new PgConnectOptions(source);
    }

    /** The source database's name. */
    public String database() {
        return source.getDatabase();
    }

    /** The backup's name: see {@link BackupNames#name(String, Instant, String)}. */
    public String backupName() {
        return BackupNames.name(database(), requestedAt, nameQualifier);
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "BackupRequest[target=" + target + ", source=postgres://" + source.getUser() + "@" + source.getHost()
                + ":" + source.getPort() + "/" + source.getDatabase() + ", reason=" + reason
                + ", criticalTables=" + criticalTables + ", requestedAt=" + requestedAt + ", nameQualifier=" + nameQualifier + "]";
    }
}
