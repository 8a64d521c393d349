package dev.warden.bench;

import dev.warden.testing.PgAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the machine's PostgreSQL client programs (pg_dump, pg_restore) against a database the
 * way an operator would: the connection in libpq's {@code PG*} variables, the output in a log that a
 * failure quotes.
 */
final class PgProcess {
    private static final long TIMEOUT_MINUTES = 60;
    private static final int QUOTED_LINES = 20;

    private PgProcess() {
    }

    /** Runs {@code command} (its program first) connected to {@code address}; fails unless it exits 0. */
    static void run(List<String> command, PgAddress address, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("PG"));
        env.put("PGHOST", address.host());
        env.put("PGPORT", String.valueOf(address.port()));
        env.put("PGUSER", address.user());
        env.put("PGDATABASE", address.database());
        if (!address.password().isEmpty()) {
            env.put("PGPASSWORD", address.password());
        }
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        String program = command.get(0);
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(program + " on " + address + " still running after " + TIMEOUT_MINUTES + " min");
        }
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IllegalStateException(program + " on " + address + " exited " + process.exitValue() + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - QUOTED_LINES), lines.size())));
        }
    }
}
