package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.util.List;
import java.util.Optional;

/**
 * Warden's own database: snapshots catalogue, check history, decisions, journal. Never inside a
 * target, so that restoring a target never rewinds Warden's memory.
 */
public record StateConfig(Optional<ConnectionSpec> url, boolean createDatabase) {

    static final Key<ConnectionSpec> URL = Key.derived("url", Types.postgresUri(),
            "a warden database on the first target's server (or the embedded server)",
            "Where Warden keeps its state; must not be a target database.");
    static final Key<Boolean> CREATE_DATABASE = Key.of("create_database", Types.bool(), true,
            "Create the state database at start-up when it does not exist.");

    static final Section SECTION = Section.of("state", "Warden's own PostgreSQL database.",
            List.of(URL, CREATE_DATABASE), List.of());

    static StateConfig read(Node node) {
        return new StateConfig(Optional.ofNullable(node.get(URL)), node.get(CREATE_DATABASE));
    }

    /** The state database's connection: the configured one, or {@code warden} on the first target's server. */
    public ConnectionSpec connection(List<TargetConfig> targets) {
        return url.orElseGet(() -> targets.get(0).connection().withDatabase("warden"));
    }
}
