package dev.warden.daemon.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A start through zonky: the archive read out of the jar and hashed to name its unpacked directory,
 * unpacked there when new, initdb on an empty data directory, {@code pg_ctl start -w} and a JDBC
 * {@code SELECT 1}. Its own class, so that a start from unpacked binaries loads none of zonky's.
 */
final class ArchiveStart {
    private ArchiveStart() {
    }

    static AutoCloseable start(Path bin, Path data, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(bin.toFile())
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(30))
                .setPgBinaryResolver(ShippedBinaries.INSTANCE);
        PgCtlServer.SETTINGS.forEach(builder::setServerConfig);
        return builder.start();
    }
}
