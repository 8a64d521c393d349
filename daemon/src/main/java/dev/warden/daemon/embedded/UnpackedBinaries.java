package dev.warden.daemon.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The PostgreSQL binaries an earlier start unpacked, remembered in a marker under the binaries
 * directory together with the archive and jar they came from. zonky names its unpacked directory by
 * the archive's MD5, so it reads and hashes the 15 MB archive on every start only to find that
 * directory again; with the marker a later start goes straight to the binaries. A different jar (a
 * new build, another version: another path, size or modification time) or archive does not match,
 * and that start goes through zonky, which unpacks what it has to and leaves a new marker.
 */
final class UnpackedBinaries {
    static final String MARKER = "warden-unpacked.properties";
    private static final String ORIGIN = "origin";
    private static final String DIRECTORY = "directory";
    /** zonky writes it once a directory's binaries are all unpacked. */
    private static final String COMPLETE = ".exists";

    private UnpackedBinaries() {
    }

    /**
     * The archive and the jar or file it lives in, down to that file's size and modification time:
     * what a marker must name to be trusted. Empty when there is no archive for this machine.
     */
    static Optional<String> origin(URL archive) {
        if (archive == null) {
            return Optional.empty();
        }
        try {
            String spec = archive.toString();
            Path container = switch (archive.getProtocol()) {
                case "jar" -> Path.of(URI.create(archive.getPath().substring(0, archive.getPath().indexOf("!/"))));
                case "file" -> Path.of(archive.toURI());
                default -> null;
            };
            if (container == null) {
                return Optional.empty();
            }
            BasicFileAttributes attributes = Files.readAttributes(container, BasicFileAttributes.class);
            return Optional.of(spec + " size=" + attributes.size() + " modified=" + attributes.lastModifiedTime().toMillis());
        } catch (IOException | RuntimeException | URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The unpacked binaries' directory (with {@code bin/pg_ctl}) when the marker names this origin and they are complete. */
    static Optional<Path> find(Path binDirectory, String origin) {
        Properties marker = new Properties();
        try (Reader in = Files.newBufferedReader(binDirectory.resolve(MARKER))) {
            marker.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        String directory = marker.getProperty(DIRECTORY);
        if (!origin.equals(marker.getProperty(ORIGIN)) || directory == null) {
            return Optional.empty();
        }
        Path binaries = Path.of(directory);
        boolean complete = Files.exists(binaries.resolve(COMPLETE))
                && List.of("pg_ctl", "postgres").stream().allMatch(p -> Files.isExecutable(binaries.resolve("bin").resolve(p)));
        return complete ? Optional.of(binaries) : Optional.empty();
    }

    /**
     * Remembers the binaries the server running on {@code data} was started from (its postmaster's
     * executable, named by {@code postmaster.pid}), for the next start. Nothing is written when they
     * cannot be told or are not complete: the next start then goes through the archive again.
     */
    static Optional<Path> rememberRunning(Path binDirectory, String origin, Path data) throws IOException {
        Optional<Path> binaries = PostmasterPid.read(data)
                .flatMap(pid -> ProcessHandle.of(pid.pid()))
                .flatMap(process -> process.info().command())
                .map(command -> Path.of(command).toAbsolutePath().getParent().getParent())
                .filter(directory -> Files.exists(directory.resolve(COMPLETE)));
        if (binaries.isEmpty()) {
            return Optional.empty();
        }
        Properties marker = new Properties();
        marker.setProperty(ORIGIN, origin);
        marker.setProperty(DIRECTORY, binaries.get().toString());
        Path written = Files.createTempFile(binDirectory, MARKER, ".tmp");
        try (Writer out = Files.newBufferedWriter(written)) {
            marker.store(out, "PostgreSQL binaries unpacked by Warden from the archive named by origin");
        }
        Files.move(written, binDirectory.resolve(MARKER), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return binaries;
    }
}
