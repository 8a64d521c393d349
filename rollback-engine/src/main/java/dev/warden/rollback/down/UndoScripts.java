package dev.warden.rollback.down;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
/**
 * Finds the down script of a version the way each tool names it, and reads it. Blocking: file I/O,
 * run on a worker thread. Flyway: {@code U<version>__<description>.sql} anywhere under the
 * directory (Flyway scans its locations recursively; {@code 1_1} and {@code 1.1} are the same
 * version). golang-migrate: {@code <version>_<name>.down.sql} in the directory. directory:
 * {@code <version>/down.sql} or {@code <version>.down.sql}.
 */
public final class UndoScripts {
    private static final Pattern FLYWAY_UNDO = Pattern.compile("U(\\d[0-9._]*?)__(.+)\\.sql");
    private static final Pattern GOLANG = Pattern.compile("(\\d+)_(.*)\\.(up|down)\\.sql");

    private UndoScripts() {
    }

    /**
     * The undos of {@code versions} (newest first) for the settings' tool; {@code after} is the version
     * left once all are undone (golang-migrate), or null.
     */
    static List<Undo> load(DownMigrationSettings settings, List<String> versions, String after) {
        List<Undo> undos = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            String version = versions.get(i);
            undos.add(switch (settings.tool()) {
                case FLYWAY -> flyway(settings.directory(), version);
                case GOLANG_MIGRATE -> golangMigrate(settings.directory(), version,
                        i + 1 < versions.size() ? versions.get(i + 1) : after);
                case DIRECTORY -> directory(settings.directory(), version);
                case COMMAND -> new Undo(version, null, version, null, null, null);
            });
        }
        return undos;
    }

    static Undo flyway(Path dir, String version) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> found = files.filter(Files::isRegularFile).filter(p -> {
                Matcher m = FLYWAY_UNDO.matcher(p.getFileName().toString());
                return m.matches() && flywayVersion(m.group(1)).equals(flywayVersion(version));
            }).sorted().toList();
            if (found.size() != 1) {
                throw new IllegalStateException(found.isEmpty() ? "no undo script U" + version + "__*.sql under " + dir
                        : "several undo scripts for version " + version + ": " + found);
            }
            Path file = found.get(0);
            Matcher m = FLYWAY_UNDO.matcher(file.getFileName().toString());
            m.matches();
            String text = read(file);
            return new Undo(version, file.getFileName().toString(), m.group(2).replace('_', ' '), SqlScript.parse(text),
                    flywayChecksum(text), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** {@code after}: the version current once this one is undone, or null when none is left. */
    static Undo golangMigrate(Path dir, String version, String after) {
        long wanted = Long.parseLong(version);
        Path file = golangFiles(dir).filter(p -> {
            Matcher m = GOLANG.matcher(p.getFileName().toString());
            return m.matches() && "down".equals(m.group(3)) && Long.parseLong(m.group(1)) == wanted;
        }).findFirst().orElseThrow(() -> new IllegalStateException("no down script " + version + "_*.down.sql in "
                + dir));
        return new Undo(version, file.getFileName().toString(), file.getFileName().toString(),
                SqlScript.parse(read(file)), null, after);
    }

    /** Every version with an up or down file, newest first (golang-migrate's "previous version" comes from here). */
    static List<String> golangVersions(Path dir) {
        TreeSet<Long> versions = new TreeSet<>(Comparator.reverseOrder());
        golangFiles(dir).forEach(p -> {
            Matcher m = GOLANG.matcher(p.getFileName().toString());
            if (m.matches()) {
                versions.add(Long.parseLong(m.group(1)));
            }
        });
        return versions.stream().map(String::valueOf).toList();
    }

    static Undo directory(Path dir, String version) {
        if (version.contains("/") || version.contains("\\") || version.startsWith(".")) {
            throw new IllegalStateException("version " + version + " cannot name a file under " + dir);
        }
        Optional<Path> file = Stream.of(dir.resolve(version).resolve("down.sql"), dir.resolve(version + ".down.sql"))
                .filter(Files::isRegularFile).findFirst();
        Path found = file.orElseThrow(() -> new IllegalStateException("no " + version + "/down.sql nor " + version
                + ".down.sql in " + dir));
        String name = dir.relativize(found).toString();
        return new Undo(version, name, name, SqlScript.parse(read(found)), null, null);
    }

    /** Flyway's version spelling made comparable: {@code 01_1.0} and {@code 1.1} are the same. */
    static String flywayVersion(String raw) {
        List<String> parts = new ArrayList<>(Arrays.stream(raw.replace('_', '.').split("\\."))
                .map(p -> p.replaceFirst("^0+(?=\\d)", "")).toList());
        while (parts.size() > 1 && parts.get(parts.size() - 1).equals("0")) {
            parts.remove(parts.size() - 1);
        }
        return parts.stream().collect(Collectors.joining("."));
    }

    /** Flyway's checksum: CRC-32 of the UTF-8 bytes of each line without its line break, a leading BOM dropped. */
    public static int flywayChecksum(String text) {
        CRC32 crc = new CRC32();
        try (BufferedReader lines = new BufferedReader(new StringReader(text))) {
            String line = lines.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            while (line != null) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
                line = lines.readLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (int) crc.getValue();
    }

    private static Stream<Path> golangFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
