package dev.warden.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real peer of Warden's (Prometheus, Alertmanager) run from its binary, its output appended to a
 * log file, and stopped by its own PID: SIGTERM, then SIGKILL if it has not gone in 10 s.
 */
public final class PeerProcess {
    private final Process process;

    private PeerProcess(Process process) {
        this.process = process;
    }

    public static PeerProcess start(List<String> command, Path log) {
        try {
            return new PeerProcess(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
