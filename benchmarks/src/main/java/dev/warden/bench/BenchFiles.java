package dev.warden.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The files every benchmark writes: its Markdown results and the scratch directories it removes. */
final class BenchFiles {
    private BenchFiles() {
    }

    /** Where the benchmarks keep their servers and results: {@code benchmarks/target/bench} unless told otherwise. */
    static Path workDirectory() {
        return Path.of(System.getProperty("warden.bench.dir", "benchmarks/target/bench")).toAbsolutePath();
    }

    /** Appends {@code row} to a Markdown table, writing {@code header} first when the file is new. */
    static void appendRow(Path markdown, String header, String row) throws IOException {
        Files.createDirectories(markdown.getParent());
        if (!Files.exists(markdown)) {
            Files.writeString(markdown, header);
        }
        Files.writeString(markdown, row + "\n", StandardOpenOption.APPEND);
    }

    /** How long a SHA-256 of {@code file} takes, the way Warden checksums a dump (64 KiB reads). */
    static long sha256Nanos(Path file) throws IOException, NoSuchAlgorithmException {
        long start = System.nanoTime();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
        digest.digest();
        return System.nanoTime() - start;
    }

    /** Total size of the regular files under {@code path}. */
    static long size(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            long total = 0;
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    /**
     * Reads every file under {@code path} once, so that a timed step finds its source in the page
     * cache: this VM pages out memory left untouched for about 30 s (DAMON proactive reclaim), page
     * cache included, and a source read back from the disk would time the disk rather than the copy.
     */
    static void readAll(Path path) throws IOException {
        byte[] buffer = new byte[1 << 20];
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    while (in.read(buffer) > 0) {
                        // only the reading matters
                    }
                } catch (NoSuchFileException gone) {
                    // a running server's temporary file: nothing to read
                }
            }
        }
    }

    /** {@code cp -a from to}: the plain copy an operator makes of a stopped server's files. */
    static void copyDirectory(Path from, Path to) throws IOException, InterruptedException {
        Process cp = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!cp.waitFor(30, TimeUnit.MINUTES)) {
            cp.destroyForcibly();
            throw new IOException("cp -a " + from + " " + to + " still running after 30 min");
        }
        if (cp.exitValue() != 0) {
            throw new IOException("cp -a " + from + " " + to + " exited " + cp.exitValue());
        }
    }

    /**
     * {@code sync}: writes every dirty page out, so that a timed step does not pay for the writeback
     * of the one before it (the kernel throttles writers once dirty pages pass {@code vm.dirty_ratio}).
     */
    static void sync() throws IOException, InterruptedException {
        Process sync = new ProcessBuilder("sync").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!sync.waitFor(10, TimeUnit.MINUTES) || sync.exitValue() != 0) {
            throw new IOException("sync did not complete");
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
