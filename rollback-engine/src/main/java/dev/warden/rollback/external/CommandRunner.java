package dev.warden.rollback.external;

import dev.warden.config.Redaction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link CommandSettings} through {@link ProcessRunner} on a worker thread, with {@code env}
 * and the command's own variables. A non-zero exit or a timeout fails with the
 * tail of stderr, every secret masked.
 */
public final class CommandRunner {
    private final WorkerExecutor workers;

    public CommandRunner(Vertx vertx) {
        this.workers = vertx.createSharedWorkerExecutor("warden-strategy-commands", 2, 24, TimeUnit.HOURS);
    }

    /** Succeeds with the stdout tail when the program exits 0 in time. */
    public Future<List<String>> run(CommandSettings settings, Map<String, String> env, List<String> secrets) {
        List<String> masked = new ArrayList<>(secrets);
        masked.addAll(Redaction.values(settings.env()));
        return workers.<ProcessOutcome>executeBlocking(() -> runBlocking(settings, env), false)
                .recover(e -> Future.failedFuture(new IllegalStateException("cannot run " + settings.program() + ": "
                        + Redaction.mask(String.valueOf(e.getMessage()), masked))))
                .compose(outcome -> {
                    if (outcome.succeeded()) {
                        return Future.succeededFuture(outcome.stdoutTail());
                    }
                    String ended = outcome.timedOut() ? " was killed after " + settings.timeout()
                            : " exited with " + outcome.exitCode();
                    String stderr = Redaction.mask(String.join("\n", outcome.stderrTail()), masked).strip();
                    return Future.failedFuture(new IllegalStateException(settings.program() + ended
                            + (stderr.isEmpty() ? "" : ": " + stderr)));
                });
    }

    private static ProcessOutcome runBlocking(CommandSettings settings, Map<String, String> env) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(env);
        settings.env().forEach((name, value) -> all.put(name, value.reveal()));
        return ProcessRunner.run(settings.command(), all, settings.timeout(), line -> { }, line -> { });
    }
}
