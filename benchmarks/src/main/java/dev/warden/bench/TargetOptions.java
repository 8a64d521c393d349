package dev.warden.bench;

import dev.warden.config.ConfigLoader;
import dev.warden.config.TargetConfig;
import dev.warden.postgres.Connections;
import dev.warden.testing.PgAddress;
import io.vertx.pgclient.PgConnectOptions;
import java.util.Map;

/** How the daemon connects to a target: its connection options with Warden's session settings, from a target's YAML. */
final class TargetOptions {
    private TargetOptions() {
    }

    static PgConnectOptions of(String name, PgAddress address) {
        TargetConfig target = ConfigLoader.parse("targets:\n  - {name: " + name + ", url: \"" + address.uri() + "\"}\n",
                "rollback benchmark", Map.of()).targets().get(0);
        return Connections.options(target.connection(), target.session());
    }
}
