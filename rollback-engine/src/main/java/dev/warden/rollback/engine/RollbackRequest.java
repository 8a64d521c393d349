package dev.warden.rollback.engine;

import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.decision.Decision;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * What to roll back, and with what.
 *
 * @param target      the configured target's name
 * @param connection  how to reach the target database (Warden's session settings included)
 * @param decision    the decision that asked for it, or null (an operator's request, a resumed rollback)
 * @param backup      the backup to restore, or null for strategies that restore none
 * @param options     how to run it
 * @param requestedAt when it was asked for: names what the rollback creates, so that a resumed
 *                    rollback rebuilds the very same names
 * @param snapshotCounts the counts of the snapshot {@code backup} belongs to when the backup carries none
 *                    (a dump), for the plan's data impact; null otherwise. Not journaled: only plans read it
 */
public record RollbackRequest(String target, PgConnectOptions connection, Decision decision, Backup backup,
                              RollbackOptions options, Instant requestedAt, SnapshotCounts snapshotCounts) {

    public RollbackRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(connection.getDatabase(), "connection database");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(requestedAt, "requestedAt");
        connection = new PgConnectOptions(connection);
    }

    /** A request without snapshot counts. */
    public RollbackRequest(String target, PgConnectOptions connection, Decision decision, Backup backup,
                           RollbackOptions options, Instant requestedAt) {
        this(target, connection, decision, backup, options, requestedAt, null);
    }

    public static RollbackRequest of(String target, PgConnectOptions connection, Decision decision, Backup backup,
                                     RollbackOptions options, Clock clock) {
        return new RollbackRequest(target, connection, decision, backup, options, clock.instant());
    }

    /** A copy, so that nobody changes the request's connection behind its back. */
    @Override
    public PgConnectOptions connection() {
        return new PgConnectOptions(connection);
    }

    /** The target database's name. */
    public String database() {
        return connection.getDatabase();
    }

    /** The decision's id, or null. */
    public String decisionId() {
        return decision == null ? null : decision.id();
    }

    public RollbackRequest withOptions(RollbackOptions other) {
        return new RollbackRequest(target, connection, decision, backup, other, requestedAt, snapshotCounts);
    }

    public RollbackRequest withSnapshotCounts(SnapshotCounts counts) {
        return new RollbackRequest(target, connection, decision, backup, options, requestedAt, counts);
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "RollbackRequest[target=" + target + ", database=postgres://" + connection.getUser() + "@"
                + connection.getHost() + ":" + connection.getPort() + "/" + connection.getDatabase() + ", decision="
                + decisionId() + ", backup=" + (backup == null ? null : backup.id()) + ", options=" + options
                + ", requestedAt=" + requestedAt + "]";
    }
}
