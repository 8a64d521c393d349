package dev.warden.daemon.cli;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code warden migrate} and {@code warden drill} share: a migration command given after
 * {@code --}, run as this process's child pointed where the daemon's open answer says
 * ({@link ChildConnection}), its output passed through; Ctrl-C or SIGTERM stops it and what it started
 * ({@link OperatorCancel}) and is remembered for the daemon; {@code -o text|json} for the report.
 */
abstract class ChildCommand extends ApiCommand.OnTarget {
    /** The exit code when the operator stopped the command: 128 + SIGINT's number, as shells report Ctrl-C. */
    static final int CANCELLED = 130;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json: the whole report at the end.")
    String output;

    @Parameters(paramLabel = "CMD", arity = "0..*", description = "The migration command and its arguments, after --;"
            + " {{url}} in them becomes the JDBC URL of the database it runs on, naming its session for Warden (no"
            + " password: give the tool its own, or a .pgpass file).")
    List<String> command = new ArrayList<>();

    /** The signal by which the operator stopped the command, or null. */
    String cancelledBy;

    ChildCommand(Map<String, String> env, PrintStream out) {
        super(env, out);
    }

    /** Refuses a missing command or an unknown {@code -o} before anything is asked of the daemon. */
    void checkUsage(boolean needsCommand, String example) {
        if (needsCommand && command.isEmpty()) {
            throw new WardenException(ErrorCode.BAD_USAGE, "no command to " + example);
        }
        if (!output.equals("text") && !output.equals("json")) {
            throw new WardenException(ErrorCode.BAD_USAGE, "-o: expected text or json, found \"" + output + "\"");
        }
    }

    boolean json() {
        return output.equals("json");
    }

    /**
     * Runs the command to its end against {@code connection}, with {@code idVariable} set to
     * {@code id} in its environment. Answers its exit code: 127 when it could not start, 130 when
     * this process was interrupted; {@link #cancelledBy} says whether the operator stopped it.
     */
    int runChild(ChildConnection connection, String idVariable, String id) {
        ProcessBuilder builder = new ProcessBuilder(connection.expand(command)).redirectErrorStream(out != System.out)
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        connection.environment(builder.environment());
        builder.environment().put(idVariable, id);
        if (out == System.out) {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        try {
            Process child = builder.start();
            try (OperatorCancel cancel = OperatorCancel.watch(child)) {
                if (out != System.out) {
                    passThrough(child.getInputStream());
                }
                int exitCode = child.waitFor();
                cancelledBy = cancel.received();
                return exitCode;
            }
        } catch (IOException e) {
            out.println("warden: could not start " + command.get(0) + ": " + e.getMessage());
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CANCELLED;
        }
    }
}
