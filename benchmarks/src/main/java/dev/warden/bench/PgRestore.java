package dev.warden.bench;

import dev.warden.testing.PgAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The machine's {@code pg_restore} of a custom-format dump into an existing empty database, the
 * way an operator restores one: no extra options, one job. The connection travels in libpq's
 * {@code PG*} variables, the output goes to a log that a failure quotes.
 */
final class PgRestore {
    private static final long TIMEOUT_MINUTES = 60;
    private static final int QUOTED_LINES = 20;

    private PgRestore() {
    }

    static void run(PgAddress into, Path dump, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("pg_restore", "--no-password", "--exit-on-error",
                "--dbname=" + into.database(), dump.toString()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("PG"));
        env.put("PGHOST", into.host());
        env.put("PGPORT", String.valueOf(into.port()));
        env.put("PGUSER", into.user());
        if (!into.password().isEmpty()) {
            env.put("PGPASSWORD", into.password());
        }
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("pg_restore into " + into + " still running after " + TIMEOUT_MINUTES + " min");
        }
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IllegalStateException("pg_restore into " + into + " exited " + process.exitValue() + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - QUOTED_LINES), lines.size())));
        }
    }
}
