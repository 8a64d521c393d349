package dev.warden.daemon;

import dev.warden.daemon.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
/**
 * Warden as a real child process ({@code java ... dev.warden.daemon.cli.Main}), for what only a process
 * can show: signals, exit codes, a fresh environment. Output goes to a file the test can read.
 */
public final class WardenProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private WardenProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code warden <args>} with the given variables on top of a clean environment. */
    public static WardenProcess start(Path output, Map<String, String> env, String... args) {
        ProcessBuilder builder = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(output.toFile());
        // No PG* or WARDEN_* from the machine running the tests may leak into the child.
        builder.environment().keySet().removeIf(name -> name.startsWith("PG") || name.startsWith("WARDEN_"));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(output.getParent());
            return new WardenProcess(builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends SIGTERM and returns the exit code, failing if the process outlives {@code limit}. */
    public int terminate(Duration limit) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("Warden did not exit within " + limit + " of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** Sends {@code signal} (such as INT, what Ctrl-C sends) to the process. */
    public void signal(String signal) throws IOException, InterruptedException {
        int sent = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
        if (sent != 0) {
            throw new AssertionError("kill -" + signal + " " + process.pid() + " exited with " + sent);
        }
    }

    /** Waits for the process to exit and returns its exit code, failing if it outlives {@code limit}. */
    public int exitCode(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the process did not exit within " + limit + ":\n" + output());
        }
        return process.exitValue();
    }

    /** Sends SIGKILL and waits until the process is gone, so that its port and sessions are free. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("Warden outlived SIGKILL by 60 s");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code warden ARGS} as a command line: this JVM's java, the test classpath, Warden's main class. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
