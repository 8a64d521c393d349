package dev.warden.daemon.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.config.ConfigException;
import dev.warden.config.ConfigLoader;
import dev.warden.config.ConnectionSpec;
import dev.warden.config.PostgresUri;
import dev.warden.config.ServerConfig;
import dev.warden.config.WardenConfig;
import dev.warden.config.schema.Problem;
import dev.warden.daemon.Warden;
import dev.warden.daemon.embedded.DemoDatabase;
import dev.warden.daemon.embedded.EmbeddedServer;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
/**
 * Where the configuration comes from, in order: {@code --config FILE}; {@code WARDEN_CONFIG}; the
 * libpq {@code PG*} variables (one target); else the embedded default, a real PostgreSQL under the
 * data directory with a demo database to watch.
 */
final class ConfigSource {
    private static final String PG_VARIABLES = "the PG* environment variables";
    private ConfigSource() {
    }

    /** A resolved configuration, and the embedded server it runs on when it is the default. */
    record Setup(WardenConfig config, EmbeddedServer embedded) {
    }

    /** The configuration when one is given; null means "use the embedded default". */
    static WardenConfig given(Path file, Map<String, String> env) {
        if (file != null) {
            return ConfigLoader.load(file, env);
        }
        String fromEnv = env.get("WARDEN_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return ConfigLoader.load(Path.of(fromEnv), env);
        }
        return fromEnvironment(env).map(connection -> {
            ObjectNode target = JsonNodeFactory.instance.objectNode()
                    .put("name", connection.database().toLowerCase().replaceAll("[^a-z0-9_-]", "_"));
            ObjectNode tree = JsonNodeFactory.instance.objectNode();
            tree.putArray("targets").add(target);
            return ConfigLoader.fromTree(tree, PG_VARIABLES, env);
        }).orElse(null);
    }

    /** The connection the PG* variables describe; a PGPORT or PGHOST no client could use is a config error. */
    private static Optional<ConnectionSpec> fromEnvironment(Map<String, String> env) {
        try {
            return PostgresUri.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(PG_VARIABLES, List.of(new Problem("", e.getMessage())));
        }
    }

    /** Starts the embedded server and describes it as a configuration with one target, {@code demo}. */
    static Setup embedded(Map<String, String> env) {
        // The server starts on a thread of its own, its port known at once: the configuration is built meanwhile.
        EmbeddedServer server = EmbeddedServer.begin(ServerConfig.defaultDataDir(env));
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.putObject("state").put("url", server.uri("warden"));
        ObjectNode target = tree.putArray("targets").addObject()
                .put("name", DemoDatabase.NAME)
                .put("url", server.uri(DemoDatabase.NAME));
        for (String table : DemoDatabase.CRITICAL_TABLES) {
            target.withArray("critical_tables").add(table);
        }
        // Clones make every snapshot a restore point, so a rollback on the demo has something to restore.
        target.putObject("snapshots").put("backup", "clone");
        WardenConfig config;
        try {
            config = ConfigLoader.fromTree(tree, "the embedded default", env);
            server.awaitStarted();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        if (!DemoDatabase.isPrepared(server.directory())) {
            prepareDemo(server, config.target(DemoDatabase.NAME).orElseThrow().connection());
        }
        return new Setup(config, server);
    }

    private static void prepareDemo(EmbeddedServer server, ConnectionSpec demo) {
        Vertx vertx = Vertx.vertx();
        try {
            Warden.await(DemoDatabase.ensure(vertx, demo, server.directory()), Duration.ofSeconds(60),
                    "creating the demo database");
        } catch (RuntimeException e) {
            server.close();
            throw e;
        } finally {
            vertx.close();
        }
    }
}
