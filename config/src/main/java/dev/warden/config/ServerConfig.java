package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The process: where the HTTP API listens, who may write to it, where Warden keeps its files. */
public record ServerConfig(String host, int port, Secret token, Path dataDir, LogFormat logFormat,
                           Duration shutdownTimeout) {

    /** Where the API listens unless server.port says otherwise; client commands dial it by default. */
    public static final int DEFAULT_PORT = 9746;

    static final Key<String> HOST = Key.of("host", Types.host(), "127.0.0.1",
            "Address the HTTP server (API, /metrics, /health) listens on: a host name or an IP address.");
    static final Key<Integer> PORT = Key.of("port", Types.integer(0, 65535), DEFAULT_PORT,
            "Port of the HTTP server; 0 picks a free port and logs it.");
    static final Key<Secret> TOKEN = Key.of("token", Types.token(), Secret.NONE,
            "Bearer token required on /api (not blank, printable ASCII); without one, writes are allowed only on a"
                    + " loopback address.");
    static final Key<Path> DATA_DIR = Key.derived("data_dir", Types.path(), "$WARDEN_HOME, else ~/.warden",
            "Folder for Warden's files: the embedded PostgreSQL, dumps, logs.");
    static final Key<LogFormat> LOG_FORMAT = Key.of("log_format", Types.enumOf(LogFormat.class), LogFormat.TEXT,
            "Log line format on standard error (standard output carries only what a command prints): text for people,"
                    + " json for log collectors; the level is the environment variable WARDEN_LOG_LEVEL (default INFO).");
    static final Key<Duration> SHUTDOWN_TIMEOUT = Key.of("shutdown_timeout", Types.timeout(Duration.ofSeconds(1)),
            Duration.ofSeconds(10), "How long SIGTERM waits for in-flight work before closing connections.");

    static final Section SECTION = Section.of("server", "The Warden process and its HTTP server.",
            List.of(HOST, PORT, TOKEN, DATA_DIR, LOG_FORMAT, SHUTDOWN_TIMEOUT), List.of());

    static ServerConfig read(Node node) {
        Path dataDir = node.get(DATA_DIR);
        return new ServerConfig(node.get(HOST), node.get(PORT), node.get(TOKEN),
                dataDir != null ? dataDir : defaultDataDir(node.context().env()), node.get(LOG_FORMAT),
                node.get(SHUTDOWN_TIMEOUT));
    }

    /** {@code $WARDEN_HOME}, else {@code ~/.warden}, where {@code ~} is {@code $HOME} as the shell has it. */
    public static Path defaultDataDir(Map<String, String> env) {
        String home = env.get("WARDEN_HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Types.home(env).resolve(".warden");
    }

    public ServerConfig withPort(int otherPort) {
        return new ServerConfig(host, otherPort, token, dataDir, logFormat, shutdownTimeout);
    }
}
