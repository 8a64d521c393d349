package dev.warden.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
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
