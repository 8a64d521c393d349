package dev.warden.daemon.embedded;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from the binaries shipped in Warden's jar, kept under the data
 * directory so that the next run finds the same databases. Used when nothing is configured.
 */
public final class EmbeddedServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);

    private final EmbeddedPostgres postgres;
    private final Path directory;

    private EmbeddedServer(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    public static EmbeddedServer start(Path dataDir) {
        Path directory = dataDir.resolve("postgres");
        boolean reuse = Files.exists(directory.resolve("data").resolve("PG_VERSION"));
        try {
            Files.createDirectories(directory.resolve("bin"));
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(directory.resolve("bin").toFile())
                    .setDataDirectory(directory.resolve("data"))
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setPgBinaryResolver(ShippedBinaries.INSTANCE)
                    .start();
            log.info("{} embedded PostgreSQL in {} on port {}", reuse ? "Reusing the" : "Created an", directory,
                    postgres.getPort());
            return new EmbeddedServer(postgres, directory);
        } catch (IOException e) {
            throw new WardenException(ErrorCode.FAILED, "cannot start the embedded PostgreSQL in " + directory + ": "
                    + e.getMessage() + " (is another Warden using this data directory? set WARDEN_HOME to use another)", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The superuser's URI for a database on this server (local trust authentication, no password). */
    public String uri(String database) {
        return "postgres://postgres@localhost:" + port() + "/" + database;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Stopping the embedded PostgreSQL failed: {}", e.getMessage());
        }
    }
}
