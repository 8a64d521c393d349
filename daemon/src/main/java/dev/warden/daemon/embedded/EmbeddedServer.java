package dev.warden.daemon.embedded;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.daemon.OwnThread;
import dev.warden.daemon.Warden;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from the binaries shipped in Warden's jar, kept under the data
 * directory so that the next run finds the same databases. Used when nothing is configured.
 *
 * <p>The first start (or the first with another jar) goes through zonky, which unpacks the archive
 * and runs initdb; later starts run the binaries it left with {@code pg_ctl} ({@link UnpackedBinaries},
 * {@link PgCtlServer}). Either way the server starts on a thread of its own, its port chosen first, so
 * that the caller can describe it and get on with its own start meanwhile ({@link #begin}).
 */
public final class EmbeddedServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);
    /** More than the server's own start limit (30 s): a first start unpacks and initdb's before it. */
    private static final Duration START_LIMIT = Duration.ofMinutes(2);

    /** How a start found its binaries. */
    public enum Binaries {
        /** Unpacked by an earlier start, named by the marker: the archive was not read. */
        UNPACKED,
        /** Found through the archive (read and hashed by zonky, unpacked when new). */
        ARCHIVE
    }

    private final Path directory;
    private final int port;
    private final Future<Running> running;

    private record Running(AutoCloseable server, Binaries binaries) {
    }

    private EmbeddedServer(Path directory, int port, Future<Running> running) {
        this.directory = directory;
        this.port = port;
        this.running = running;
    }

    /** Starts the server and returns once it accepts connections. */
    public static EmbeddedServer start(Path dataDir) {
        return begin(dataDir).awaitStarted();
    }

    /**
     * Starts the server on a thread of its own and returns at once: {@link #port()} and {@link #uri}
     * answer now, {@link #awaitStarted()} waits for the server.
     */
    public static EmbeddedServer begin(Path dataDir) {
        Path directory = dataDir.resolve("postgres");
        int port = freePort();
        return new EmbeddedServer(directory, port, OwnThread.supply("embedded-postgres-start", () -> startServer(directory, port)));
    }

    /** Waits for the server to accept connections; a failed start throws, saying why. */
    public EmbeddedServer awaitStarted() {
        Warden.await(running, START_LIMIT, "starting the embedded PostgreSQL in " + directory);
        return this;
    }

    /** How this start found its binaries (once started). */
    public Binaries binaries() {
        return awaitStarted().running.result().binaries();
    }

    private static Running startServer(Path directory, int port) {
        Path data = directory.resolve("data");
        Path bin = directory.resolve("bin");
        boolean reuse = Files.exists(data.resolve("PG_VERSION")) && Files.exists(data.resolve("postgresql.conf"));
        Optional<String> origin = UnpackedBinaries.origin(ShippedBinaries.forThisMachine());
        try {
            Files.createDirectories(bin);
            if (reuse && PgCtlServer.stopLeftRunning(data, directory.resolve("server.log"))) {
                log.warn("Stopped the embedded PostgreSQL that a Warden which ended without stopping it left running"
                        + " in {}", directory);
            }
            Optional<Path> unpacked = reuse ? origin.flatMap(o -> UnpackedBinaries.find(bin, o)) : Optional.empty();
            Running running;
            if (unpacked.isPresent()) {
                running = new Running(PgCtlServer.start(unpacked.get(), data, port, directory.resolve("server.log")), Binaries.UNPACKED);
            } else {
                running = new Running(ArchiveStart.start(bin, data, port), Binaries.ARCHIVE);
                if (origin.isPresent()) {
                    rememberForNextStart(bin, origin.get(), data);
                }
            }
            log.info("{} embedded PostgreSQL in {} on port {}", reuse ? "Reusing the" : "Created an", directory, port);
            return running;
        } catch (IOException | IllegalStateException e) {
            // IllegalStateException: zonky could not lock the data directory (another process holds it).
            boolean inUse = e instanceof PgCtlServer.InUse || e instanceof IllegalStateException;
            throw new WardenException(ErrorCode.FAILED, "cannot start the embedded PostgreSQL in " + directory + ": "
                    + e.getMessage() + (inUse ? " (is another Warden using this data directory? set WARDEN_HOME to use another)" : ""), e);
        }
    }

    /** The marker only spares the next start the archive: failing to write it fails nothing. */
    private static void rememberForNextStart(Path bin, String origin, Path data) {
        try {
            UnpackedBinaries.rememberRunning(bin, origin, data);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not note where the embedded PostgreSQL's binaries are ({}): the next start reads them"
                    + " from the archive again", e.getMessage());
        }
    }

    public int port() {
        return port;
    }

    /** The superuser's URI for a database on this server (local trust authentication, no password). */
    public String uri(String database) {
        return "postgres://postgres@localhost:" + port() + "/" + database;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Stops the server once its start is over; a start that failed left nothing to stop. A start still
     * going after the wait is stopped when it ends (the process may exit first: then PostgreSQL's own
     * start protects the data directory, and the next start recovers it).
     */
    @Override
    public void close() {
        try {
            running.await(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("The embedded PostgreSQL in {} is still starting after {} s: stopped once it has started",
                    directory, START_LIMIT.toSeconds());
            running.onSuccess(EmbeddedServer::stop);
            return;
        } catch (Exception e) {
            log.debug("The embedded PostgreSQL did not start: nothing to stop ({})", e.getMessage());
            return;
        }
        stop(running.result());
    }

    private static void stop(Running server) {
        try {
            server.server().close();
        } catch (Exception e) {
            log.warn("Stopping the embedded PostgreSQL failed: {}", e.getMessage());
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the embedded PostgreSQL", e);
        }
    }
}
