package dev.warden.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Warden daemon as its operators run it: {@code java -jar warden.jar run --config FILE}, a process of
 * its own whose CPU time and resident memory are read from {@code /proc}, stopped by SIGTERM.
 */
final class WardenProcess implements AutoCloseable {
    private final Process process;
    private final Scraper http = new Scraper();
    private final URI ready;

    private WardenProcess(Process process, int port) {
        this.process = process;
        this.ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
    }

    static WardenProcess start(Path jar, Path config, int port, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of("java", "-jar", jar.toString(), "run", "--config",
                config.toString()));
        builder.environment().keySet().removeIf(name -> name.startsWith("PG") || name.startsWith("WARDEN_"));
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        return new WardenProcess(process, port);
    }

    long pid() {
        return process.pid();
    }

    /** Polls /health/ready every 20 ms until it answers 200; how long that took from {@code startedNanos}. */
    Duration awaitReady(long startedNanos, Duration limit) throws InterruptedException {
        long deadline = startedNanos + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("warden exited " + process.exitValue() + " before it was ready");
            }
            try {
                if (http.get(ready).status() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("warden not ready after " + limit);
    }

    /** User plus system CPU time of the process so far, in seconds. */
    double cpuSeconds() throws IOException {
        return ProcessCpu.seconds(pid());
    }

    /** VmRSS from /proc/PID/status, in MiB. */
    double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
