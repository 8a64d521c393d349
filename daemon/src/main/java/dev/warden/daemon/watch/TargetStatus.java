package dev.warden.daemon.watch;

import java.time.Instant;

/**
 * What Warden last learnt about a target's connectivity. Immutable: the target's verticle replaces
 * it, the HTTP API reads it from other threads.
 */
public record TargetStatus(String name, boolean up, boolean connectedOnce, String serverVersion, String lastError,
                           Instant since) {

    public static TargetStatus unknown(String name, Instant now) {
        return new TargetStatus(name, false, false, null, "not connected yet", now);
    }

    TargetStatus connected(String version, Instant now) {
        return new TargetStatus(name, true, true, version, null, up ? since : now);
    }

    TargetStatus lost(String error, Instant now) {
        return new TargetStatus(name, false, connectedOnce, serverVersion, error, up ? now : since);
    }
}
