package dev.warden.rollback.backup;

import io.vertx.core.Future;

/**
 * One way of taking a restorable backup of a target database: a server-side clone, a
 * {@code pg_dump} file, or a user's command (pgBackRest, a cloud snapshot, a Neon branch...).
 */
public interface BackupMethod {

    /** The configuration name of this kind: {@code clone}, {@code dump} or {@code command}. */
    String kind();

    /** Takes the backup; the future fails with a {@link BackupException} when no usable backup exists. */
    Future<Backup> create(BackupRequest request);

    /**
     * Checks that {@code backup}, taken for {@code request}, can be restored and holds what it should.
     * Never fails: a verification that could not run is a failed {@link Verification} saying why.
     */
    Future<Verification> verify(Backup backup, BackupRequest request);
}
