package dev.warden.rollback.strategy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link CommandSettings} on a worker thread, no shell involved. The environment is the
 * daemon's minus every inherited {@code PG*} variable (they would point a tool at the wrong server),
 * plus {@code env} and the command's own variables. A non-zero exit or a timeout fails with the
 * tail of stderr, every secret masked.
 */
final class CommandRunner {
    private static final int TAIL_LINES = 20;
    private static final long READER_JOIN_MILLIS = 5_000;

    private final WorkerExecutor workers;

    CommandRunner(Vertx vertx) {
        this.workers = vertx.createSharedWorkerExecutor("warden-strategy-commands", 2, 24, TimeUnit.HOURS);
    }

    /** Succeeds with the stdout tail when the program exits 0 in time. */
    Future<List<String>> run(CommandSettings settings, Map<String, String> env, List<String> secrets) {
        List<String> masked = new ArrayList<>(secrets);
        masked.addAll(Redaction.values(settings.env()));
        return workers.<Outcome>executeBlocking(() -> runBlocking(settings, env), false)
                .recover(e -> Future.failedFuture(new IllegalStateException("cannot run " + settings.program() + ": "
                        + Redaction.mask(String.valueOf(e.getMessage()), masked))))
                .compose(outcome -> {
                    if (!outcome.timedOut() && outcome.exitCode() == 0) {
                        return Future.succeededFuture(outcome.stdout());
                    }
                    String ended = outcome.timedOut() ? " was killed after " + settings.timeout()
                            : " exited with " + outcome.exitCode();
                    String stderr = Redaction.mask(String.join("\n", outcome.stderr()), masked).strip();
                    return Future.failedFuture(new IllegalStateException(settings.program() + ended
                            + (stderr.isEmpty() ? "" : ": " + stderr)));
                });
    }

    private static Outcome runBlocking(CommandSettings settings, Map<String, String> env) throws IOException,
            InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(settings.command());
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        builder.environment().putAll(env);
        settings.env().forEach((name, value) -> builder.environment().put(name, value.reveal()));
        Process process = builder.start();
        process.getOutputStream().close();
        Deque<String> stdout = new ArrayDeque<>();
        Deque<String> stderr = new ArrayDeque<>();
        Thread out = drain(process.getInputStream(), stdout);
        Thread err = drain(process.getErrorStream(), stderr);
        boolean finished = process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        out.join(READER_JOIN_MILLIS);
        err.join(READER_JOIN_MILLIS);
        return new Outcome(finished ? process.exitValue() : -1, !finished, copy(stdout), copy(stderr));
    }

    private static Thread drain(InputStream stream, Deque<String> tail) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
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
        }, "warden-strategy-command");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static List<String> copy(Deque<String> tail) {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    private record Outcome(int exitCode, boolean timedOut, List<String> stdout, List<String> stderr) {
    }
}
