package dev.warden.bench;

import dev.warden.testing.PgAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine's {@code pg_restore} of a custom-format dump into an existing empty database, the
 * way an operator restores one: no extra options but the number of jobs (one unless told).
 */
final class PgRestore {
    private PgRestore() {
    }

    static void run(PgAddress into, Path dump, Path log) throws IOException, InterruptedException {
        run(into, dump, log, 1);
    }

    static void run(PgAddress into, Path dump, Path log, int jobs) throws IOException, InterruptedException {
        List<String> command = jobs == 1
                ? List.of("pg_restore", "--no-password", "--exit-on-error", "--dbname=" + into.database(), dump.toString())
                : List.of("pg_restore", "--no-password", "--exit-on-error", "--jobs=" + jobs,
                        "--dbname=" + into.database(), dump.toString());
        PgProcess.run(command, into, log);
    }
}
