package dev.warden.rollback.external;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs an external program, blocking: call it on a worker thread. No shell is involved. The
 * environment is the daemon's minus every inherited {@code PG*} variable (so the daemon's own
 * settings never point a tool at the wrong server), plus {@code env}: credentials travel there,
 * never on the command line where {@code ps} shows them.
 */
public final class ProcessRunner {
    private static final int TAIL_LINES = 40;
    private static final long READER_JOIN_MILLIS = 5_000;

    private ProcessRunner() {
    }

    public static ProcessOutcome run(List<String> argv, Map<String, String> env, Duration timeout,
                              Consumer<String> onStdoutLine, Consumer<String> onStderrLine) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        Deque<String> stdout = new ArrayDeque<>();
        Deque<String> stderr = new ArrayDeque<>();
        Thread outReader = drain(process.getInputStream(), stdout, onStdoutLine, "stdout");
        Thread errReader = drain(process.getErrorStream(), stderr, onStderrLine, "stderr");
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(process);
            }
            outReader.join(READER_JOIN_MILLIS);
            errReader.join(READER_JOIN_MILLIS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + argv.get(0), e);
        }
        return new ProcessOutcome(finished ? process.exitValue() : -1, !finished, snapshot(stdout), snapshot(stderr));
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Thread drain(InputStream stream, Deque<String> tail, Consumer<String> onLine, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    onLine.accept(line);
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // The process went away; what was read is kept.
            }
        }, "warden-process-" + name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static List<String> snapshot(Deque<String> tail) {
        synchronized (tail) {
            return List.copyOf(new ArrayList<>(tail));
        }
    }
}
