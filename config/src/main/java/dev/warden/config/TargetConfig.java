package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One database Warden guards. */
public record TargetConfig(String name, ConnectionSpec connection, List<String> criticalTables,
                           Duration heartbeatInterval, SessionConfig session, SnapshotConfig snapshots,
                           ChecksConfig checks, RollbackTargetConfig rollback) {

    static final Key<String> NAME = Key.required("name", Types.identifier(),
            "The target's name in metrics, alerts, the API and the CLI.");
    static final Key<ConnectionSpec> URL = Key.derived("url", Types.postgresUri(), "required unless PG* variables are set",
            "postgres:// URI of the database; parts it leaves out come from PGHOST, PGPORT, PGUSER, PGPASSWORD.");
    static final Key<List<String>> CRITICAL_TABLES = Key.of("critical_tables", Types.tableList(), List.of(),
            "Tables counted exactly and watched row by row (schema.table; a bare name means public).");
    static final Key<Duration> HEARTBEAT_INTERVAL = Key.of("heartbeat_interval", Types.duration(Duration.ofMillis(100)),
            Duration.ofSeconds(10), "How often Warden checks that the target answers.");

    static final Section SECTION = Section.list("targets", "The databases Warden guards.",
            List.of(NAME, URL, CRITICAL_TABLES, HEARTBEAT_INTERVAL), List.of(SessionConfig.SECTION, SnapshotConfig.SECTION,
            ChecksConfig.SECTION,
                    RollbackTargetConfig.SECTION));

    static TargetConfig read(Node node, Path dataDir) {
        ConnectionSpec connection = node.get(URL);
        if (connection == null && !node.has(URL)) {
            connection = fromEnvironment(node);
        }
        String name = node.get(NAME);
        List<String> criticalTables = node.get(CRITICAL_TABLES);
        Duration heartbeatInterval = node.get(HEARTBEAT_INTERVAL);
        Node sessionNode = node.section(SessionConfig.SECTION);
        SessionConfig session = SessionConfig.read(sessionNode);
        if (connection != null) {
            session = session.withUri(connection, sessionNode, node, URL.name());
        }
        return new TargetConfig(name, connection, criticalTables, heartbeatInterval, session,
                SnapshotConfig.read(node.section(SnapshotConfig.SECTION), dataDir),
                ChecksConfig.read(node.section(ChecksConfig.SECTION)),
                RollbackTargetConfig.read(node.section(RollbackTargetConfig.SECTION)));
    }

    /** The connection the PG* variables describe, or null after recording why there is none. */
    private static ConnectionSpec fromEnvironment(Node node) {
        try {
            ConnectionSpec connection = PostgresUri.fromEnvironment(node.context().env()).orElse(null);
            if (connection == null) {
                node.problem(URL.name(), "required, expected a postgres:// URI (or PGHOST and friends in the environment)");
            }
            return connection;
        } catch (IllegalArgumentException e) {
            node.problem(URL.name(), e.getMessage());
            return null;
        }
    }
}
