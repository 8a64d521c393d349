package dev.warden.daemon.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An initialised data directory's server, started with {@code pg_ctl} from binaries already
 * unpacked: the same settings, lock file and fast shutdown as zonky's {@code EmbeddedPostgres}, so
 * either can start a data directory the other left, without reading the archive or opening a JDBC
 * connection. The server's own output goes to a log file beside the data directory (the last start's
 * and the one before).
 */
final class PgCtlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PgCtlServer.class);
    /** zonky's lock file: held while a server runs on the data directory, by whichever started it. */
    static final String LOCK_FILE = "epg-lock";
    /** zonky's server settings, so that both ways of starting give the same server. */
    static final Map<String, String> SETTINGS = Map.of("timezone", "UTC", "synchronous_commit", "off", "max_connections", "300");
    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(5);
    private static final Duration READY_CHECK = Duration.ofMillis(10);

    private final Path pgCtl;
    private final Path data;
    private final Path logFile;
    /** Held on the data directory's lock file; its channel is closed with it. */
    private final FileLock lock;

    private PgCtlServer(Path pgCtl, Path data, Path logFile, FileLock lock) {
        this.pgCtl = pgCtl;
        this.data = data;
        this.logFile = logFile;
        this.lock = lock;
    }

    /** Another process (a Warden, through either way of starting) holds the data directory. */
    static final class InUse extends IOException {
        InUse(String message) {
            super(message);
        }
    }

    /** Starts the server on {@code port} and returns once it accepts connections. */
    static PgCtlServer start(Path binaries, Path data, int port, Path logFile) throws IOException {
        FileLock lock = tryLock(data);
        if (lock == null) {
            throw new InUse("could not lock " + data.resolve(LOCK_FILE));
        }
        PgCtlServer server = new PgCtlServer(binaries.resolve("bin").resolve("pg_ctl"), data, logFile, lock);
        try {
            if (Files.exists(logFile)) {
                Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            server.startServer(port);
            return server;
        } catch (IOException | RuntimeException e) {
            server.stopAfterFailedStart();
            server.release();
            throw new IOException(e.getMessage() + lastLines(logFile), e);
        }
    }

    /**
     * Stops the postmaster that a Warden which ended without stopping it (killed, crashed) left running on
     * {@code data}: nobody holds the data directory's lock, yet {@code postmaster.pid} names a live
     * {@code postgres}, which would make every start fail. Fast shutdown, with the pg_ctl beside that
     * postgres. False when there is none, or when another Warden holds the lock (its start says so).
     */
    static boolean stopLeftRunning(Path data, Path logFile) throws IOException {
        Optional<Path> pgCtl = PostmasterPid.read(data).flatMap(pid -> ProcessHandle.of(pid.pid()))
                .filter(ProcessHandle::isAlive)
                .flatMap(postmaster -> postmaster.info().command()).map(Path::of)
                .filter(command -> command.getFileName().toString().equals("postgres"))
                .map(command -> command.resolveSibling("pg_ctl")).filter(Files::isExecutable);
        if (pgCtl.isEmpty()) {
            return false;
        }
        FileLock lock = tryLock(data);
        if (lock == null) {
            return false;
        }
        PgCtlServer leftRunning = new PgCtlServer(pgCtl.get(), data, logFile, lock);
        try {
            leftRunning.stop("fast");
            return true;
        } finally {
            leftRunning.release();
        }
    }

    /** The data directory's lock, or null (and nothing left open) while another process (or this one) holds it. */
    private static FileLock tryLock(Path data) throws IOException {
        FileChannel channel = FileChannel.open(data.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = null;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // held by this JVM: as much in use as by another process
        }
        if (lock == null) {
            channel.close();
        }
        return lock;
    }

    /**
     * {@code pg_ctl start -w} checks {@code postmaster.pid} every 100 ms until the server says it is ready;
     * the same check every 10 ms here answers up to 90 ms sooner. pg_ctl's own answer still counts: its
     * failure (the server could not start) ends the wait with its words, and it ends on its own.
     */
    private void startServer(int port) throws IOException {
        StringBuilder options = new StringBuilder("-p " + port + " -F");
        SETTINGS.forEach((name, value) -> options.append(" -c ").append(name).append('=').append(value));
        long startedAtSecond = Instant.now().getEpochSecond();
        Process pgCtl = launch("-D", data.toString(), "-l", logFile.toString(), "-o", options.toString(),
                "-w", "-t", Long.toString(START_LIMIT.toSeconds()), "start");
        long deadline = System.nanoTime() + START_LIMIT.plusSeconds(STOP_LIMIT.toSeconds()).toNanos();
        while (!isReady(startedAtSecond, port)) {
            if (waitFor(pgCtl, READY_CHECK)) {
                if (pgCtl.exitValue() == 0) {
                    return;
                }
                throw new IOException("pg_ctl start failed (exit code " + pgCtl.exitValue() + "): " + pgCtlOutput());
            }
            if (System.nanoTime() > deadline) {
                pgCtl.destroy();
                throw new IOException("the server was not ready after " + START_LIMIT.toSeconds() + " s");
            }
        }
    }

    /**
     * A weaker form of pg_ctl's test (which also knows the PID it forked): {@code postmaster.pid} names a
     * live postmaster on this start's port (chosen afresh for each start) that started with this start
     * (PostgreSQL rewrites the file of a crashed one; pg_ctl allows 2 s of difference between the clocks)
     * and is ready.
     */
    private boolean isReady(long startedAtSecond, int port) throws IOException {
        return PostmasterPid.read(data)
                .filter(pid -> pid.ready() && pid.port() == port && pid.startedAtSecond() >= startedAtSecond - 2)
                .flatMap(pid -> ProcessHandle.of(pid.pid()))
                .filter(ProcessHandle::isAlive)
                .isPresent();
    }

    /** Fast shutdown (sessions are ended), as zonky's; the data directory stays. */
    @Override
    public void close() {
        try {
            stop("fast");
        } catch (IOException e) {
            log.warn("Stopping the embedded PostgreSQL failed: {}", e.getMessage());
        } finally {
            release();
        }
    }

    /**
     * A start that failed or timed out may still have a postmaster coming up (pg_ctl gives up, the server
     * goes on recovering): it is stopped at once, or it would hold the data directory against every later start.
     */
    private void stopAfterFailedStart() {
        try {
            stop("immediate");
        } catch (IOException e) {
            log.debug("No postmaster to stop after the failed start: {}", e.getMessage());
        }
    }

    /** {@code pg_ctl stop -m mode}, waited for; a stop that failed or took too long says so. */
    private void stop(String mode) throws IOException {
        Process pgCtl = launch("-D", data.toString(), "stop", "-m", mode, "-t", Long.toString(STOP_LIMIT.toSeconds()), "-w");
        Duration limit = STOP_LIMIT.plus(STOP_LIMIT);
        if (!waitFor(pgCtl, limit)) {
            pgCtl.destroy();
            throw new IOException("pg_ctl stop took longer than " + limit.toSeconds() + " s");
        }
        if (pgCtl.exitValue() != 0) {
            throw new IOException("pg_ctl stop failed (exit code " + pgCtl.exitValue() + "): " + pgCtlOutput());
        }
    }

    /** pg_ctl's own words go to a file: with -l the server writes elsewhere, and nothing has to read a pipe. */
    private Process launch(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(asRoot() ? List.of("unshare", "-U") : List.of());
        command.add(pgCtl.toString());
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(pgCtlOutputFile().toFile()).start();
    }

    private static boolean waitFor(Process process, Duration limit) throws IOException {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for pg_ctl", e);
        }
    }

    private Path pgCtlOutputFile() {
        return logFile.resolveSibling("pg_ctl.log");
    }

    private String pgCtlOutput() {
        try {
            return Files.readString(pgCtlOutputFile()).strip().replace('\n', ' ');
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /**
     * PostgreSQL refuses to run as root; as zonky does, root runs it in a user namespace of its own
     * ({@code unshare -U}), where it is an unprivileged user.
     */
    private static boolean asRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private void release() {
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException e) {
            log.debug("Releasing {} failed: {}", data.resolve(LOCK_FILE), e.getMessage());
        }
    }

    private static String lastLines(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return lines.isEmpty() ? "" : "; the server said: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
