package dev.warden.daemon;

import dev.warden.daemon.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code warden ARGS} in this JVM, with what it printed on stdout and stderr kept apart for the assertions. */
public final class CliRun {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs the command with no environment at all, forgetting what the previous one printed; its exit code. */
    public int run(String... args) {
        return run(Map.of(), args);
    }

    public int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    public String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Both, for a test that only cares what the operator saw. */
    public String output() {
        return stdout() + stderr();
    }
}
