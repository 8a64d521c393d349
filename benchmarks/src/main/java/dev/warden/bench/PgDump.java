package dev.warden.bench;

import dev.warden.testing.PgAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The machine's {@code pg_dump -Fc} of a database into a file, default compression, as an operator takes one. */
final class PgDump {
    private PgDump() {
    }

    static void run(PgAddress from, Path file, Path log) throws IOException, InterruptedException {
        PgProcess.run(List.of("pg_dump", "--no-password", "--format=custom", "--file=" + file, from.database()), from, log);
    }
}
