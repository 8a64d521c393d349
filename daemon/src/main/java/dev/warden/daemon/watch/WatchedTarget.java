package dev.warden.daemon.watch;

import dev.warden.config.TargetConfig;
import dev.warden.daemon.check.TargetChecks;
import dev.warden.daemon.snapshot.SnapshotService;

/** Everything Warden runs for one target, sharing the target's one pool. */
public record WatchedTarget(TargetConfig config, TargetVerticle monitor, SnapshotService snapshots, TargetChecks checks) {

    public String name() {
        return config.name();
    }
}
