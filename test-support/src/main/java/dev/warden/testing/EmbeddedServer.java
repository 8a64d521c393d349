package dev.warden.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real PostgreSQL server from the Maven-shipped binaries, with a data directory that survives
 * {@link #stop()} so that {@link #start()} brings the same server back on the same port: what a
 * test needs to take a target away from Warden and give it back.
 */
public final class EmbeddedServer implements AutoCloseable {
    /** The major version whose binaries are on the classpath; others are unpacked by the build. */
    public static final int CLASSPATH_MAJOR = 17;

    /** Speed over durability: these servers hold throwaway test data. */
    private static final Map<String, String> SETTINGS = new LinkedHashMap<>(Map.of("fsync", "off",
            "synchronous_commit", "off", "full_page_writes", "off", "max_connections", "200"));

    private final Path directory;
    private final int major;
    private final int port;
    private final Map<String, String> settings;
    private EmbeddedPostgres running;

    private EmbeddedServer(Path directory, int major, int port, Map<String, String> overrides) {
        this.directory = directory;
        this.major = major;
        this.port = port;
        this.settings = new LinkedHashMap<>(SETTINGS);
        this.settings.putAll(overrides);
    }

    /** Starts a new server whose files live under {@code directory} (created if missing). */
    public static EmbeddedServer start(Path directory, int major) {
        return start(directory, major, Map.of());
    }

    /**
     * With command-line settings of its own besides the speed flags, e.g. a larger {@code max_connections}
     * (command-line settings win over ALTER SYSTEM).
     */
    public static EmbeddedServer start(Path directory, int major, Map<String, String> overrides) {
        EmbeddedServer server = new EmbeddedServer(directory, major, freePort(), overrides);
        server.start();
        return server;
    }

    public synchronized void start() {
        if (running != null) {
            return;
        }
        try {
            Files.createDirectories(directory.resolve("bin"));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(directory.resolve("bin").toFile())
                    .setDataDirectory(directory.resolve("data"))
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPgBinaryResolver(binariesFor(major))
                    .setPGStartupWait(Duration.ofSeconds(30));
            settings.forEach(builder::setServerConfig);
            running = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL " + major + " in " + directory, e);
        }
    }

    /** Stops the server (fast shutdown: sessions are terminated); the data directory is kept. */
    public synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            running = null;
        }
    }

    public synchronized boolean isRunning() {
        return running != null;
    }

    public int port() {
        return port;
    }

    public int major() {
        return major;
    }

    public Path directory() {
        return directory;
    }

    /**
     * The postgres options this server starts with ({@code -p PORT -c fsync=off ...}), for a test that
     * starts it with pg_ctl itself: a restore to a point in time refuses fewer max_connections than before.
     */
    public String startOptions() {
        StringBuilder options = new StringBuilder("-p " + port);
        settings.forEach((name, value) -> options.append(" -c ").append(name).append('=').append(value));
        return options.toString();
    }

    /** The data directory, which survives {@link #stop()}. */
    public Path dataDirectory() {
        return directory.resolve("data");
    }

    /** A program of this server's unpacked binaries ({@code pg_ctl}, {@code postgres}, {@code initdb}). */
    public Path program(String name) {
        try (var found = Files.find(directory.resolve("bin"), 4,
                (path, attributes) -> path.getFileName().toString().equals(name) && path.getParent().endsWith("bin"))) {
            return found.findFirst().orElseThrow(() -> new IllegalStateException("no " + name + " under " + directory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code settings} with ALTER SYSTEM (into the data directory's postgresql.auto.conf, so they
     * outlive restarts, a backup's restore included) and restarts the server for those that need it,
     * such as {@code archive_mode}.
     */
    public void restartWith(Map<String, String> settings) {
        Sql sql = new Sql(address("postgres"));
        settings.forEach((name, value) -> sql.execute("ALTER SYSTEM SET " + name + " = '" + value.replace("'", "''") + "'"));
        stop();
        start();
    }

    /** The superuser's address of a database on this server. */
    public PgAddress address(String database) {
        return new PgAddress("localhost", port, "postgres", "", database);
    }

    @Override
    public void close() {
        stop();
    }

    private static PgBinaryResolver binariesFor(int major) {
        String bundled = "postgres-linux-x86_64.txz";
        String resource = major == CLASSPATH_MAJOR ? bundled : "warden-pg/" + major + "/" + bundled;
        return (system, hardware) -> {
            InputStream in = EmbeddedServer.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("no PostgreSQL " + major + " binaries on the classpath (" + resource
                        + "); test-support/pom.xml lists the majors it unpacks");
            }
            return in;
        };
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
