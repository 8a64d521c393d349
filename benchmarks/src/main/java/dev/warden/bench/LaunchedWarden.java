package dev.warden.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A Warden daemon started the way its users start it: a checkout's {@code ./warden run --config FILE}
 * launcher (which execs the JVM with the launcher's flags, so the launcher's pid is the JVM's), its
 * output in a log. Reads what the kernel says of the process's memory and what its own
 * {@code /metrics} says of its heap.
 */
final class LaunchedWarden implements AutoCloseable {
    private static final Duration READY = Duration.ofMinutes(5);

    private final String name;
    private final Process process;
    private final URI metrics;
    private final Path log;
    private final Scraper scraper = new Scraper();

    private LaunchedWarden(String name, Process process, URI metrics, Path log) {
        this.name = name;
        this.process = process;
        this.metrics = metrics;
        this.log = log;
    }

    /** Starts {@code launcher run --config config} and returns once its {@code /health/live} answers. */
    static LaunchedWarden start(String name, Path launcher, Path config, int port, Path log) throws IOException {
        LaunchedWarden warden = launch(name, launcher, config, port, log);
        warden.awaitLive();
        return warden;
    }

    /** Starts {@code launcher run --config config} and returns at once (several daemons starting together). */
    static LaunchedWarden launch(String name, Path launcher, Path config, int port, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(launcher.toString(), "run", "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("PG") || key.startsWith("WARDEN_"));
        Process process = builder.start();
        process.getOutputStream().close();
        return new LaunchedWarden(name, process, URI.create("http://127.0.0.1:" + port + "/metrics"), log);
    }

    /** Waits until {@code /health/live} answers 200; fails at once if the daemon exited. */
    void awaitLive() {
        URI live = uri("/health/live");
        // Connection refused until it listens; a daemon that exited fails at once.
        Awaitility.await().atMost(READY).pollInterval(Duration.ofMillis(200)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited " + process.exitValue() + "; see " + log);
                    }
                    return scraper.get(live).status() == 200;
                });
    }

    /**
     * Takes a snapshot of {@code target} through the API and waits until it is listed: the first snapshot
     * gives schema_drift its expected schema (the hourly schedule would, later).
     */
    void snapshot(String target) throws IOException, InterruptedException {
        URI snapshots = metrics.resolve("/api/targets/" + target + "/snapshots");
        Awaitility.await().atMost(READY).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> scraper.get(metrics.resolve("/health/ready")).status() == 200);
        int status = scraper.post(snapshots);
        if (status / 100 != 2) {
            throw new IllegalStateException(name + ": POST " + snapshots + " answered " + status);
        }
        Awaitility.await().atMost(READY).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> new String(scraper.get(snapshots).body(), StandardCharsets.UTF_8).contains("\"id\""));
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** {@code path} on this daemon's HTTP server ({@code /api/targets}, {@code /metrics}). */
    URI uri(String path) {
        return metrics.resolve(path);
    }

    /**
     * Polls {@code /health/ready} every 100 ms until it answers 200; how long that took from
     * {@code startedNanos} (taken before {@link #start}).
     */
    Duration awaitReady(long startedNanos, Duration limit) {
        Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited " + process.exitValue() + "; see " + log);
                    }
                    return scraper.get(uri("/health/ready")).status() == 200;
                });
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** User plus system CPU time of the process so far, in seconds. */
    double cpuSeconds() throws IOException {
        return ProcessCpu.seconds(pid());
    }

    /** kill -9: the daemon gets no chance to leave the cluster or close anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** VmRSS from /proc/PID/status, in bytes. */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid());
    }

    /** Heap used and committed (bytes, -1 unknown), from the daemon's own {@code /metrics}: a scrape, no collection. */
    Heap heap() {
        try {
            Scraper.Scrape scrape = scraper.get(metrics);
            if (scrape.status() != 200) {
                return new Heap(-1, -1);
            }
            return new Heap(sample(scrape, "jvm_memory_used_bytes{area=\"heap\"}"),
                    sample(scrape, "jvm_memory_committed_bytes{area=\"heap\"}"));
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new Heap(-1, -1);
        }
    }

    record Heap(long used, long committed) {
    }

    /**
     * {@code jcmd PID GC.class_histogram}: a full collection, then the live objects by class. Only at the
     * end of a run: the collection it forces would change the series.
     */
    String liveHistogram(int classes) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid()), "GC.class_histogram").redirectErrorStream(true)
                .start();
        List<String> lines = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        jcmd.waitFor(60, TimeUnit.SECONDS);
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("Total") || kept.size() < classes + 3) {
                kept.add(line);
            }
        }
        return String.join("\n", kept);
    }

    private static long sample(Scraper.Scrape scrape, String series) {
        for (String line : new String(scrape.body(), StandardCharsets.UTF_8).lines().toList()) {
            if (line.startsWith(series + " ")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
