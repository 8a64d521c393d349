package dev.warden.daemon.watch;

import dev.warden.rollback.backup.DatabaseCopy;
import java.time.Instant;

/**
 * What Warden last learnt about a target's connectivity. Immutable: the target's verticle replaces
 * it, the HTTP API reads it from other threads.
 *
 * @param readOnly whether new sessions of the target database start read-only, as the server's catalog
 *                 said at the last heartbeat; null until known (or when it could not be read)
 * @param copy     how the server copies databases (version, file_copy_method) as the last heartbeat read
 *                 it; null until the target first answered
 */
public record TargetStatus(String name, boolean up, boolean connectedOnce, String serverVersion, String lastError,
                           Instant since, Boolean readOnly, DatabaseCopy copy) {

    public static TargetStatus unknown(String name, Instant now) {
        return new TargetStatus(name, false, false, null, "not connected yet", now, null, null);
    }

    TargetStatus connected(DatabaseCopy nowCopy, Boolean nowReadOnly, Instant now) {
        return new TargetStatus(name, true, true, nowCopy.serverVersion(), null, up ? since : now,
                nowReadOnly == null ? readOnly : nowReadOnly, nowCopy);
    }

    TargetStatus lost(String error, Instant now) {
        return new TargetStatus(name, false, connectedOnce, serverVersion, error, up ? now : since, readOnly, copy);
    }
}
