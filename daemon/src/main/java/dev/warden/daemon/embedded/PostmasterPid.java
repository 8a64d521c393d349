package dev.warden.daemon.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a data directory's {@code postmaster.pid} says: the postmaster's PID, its start time (seconds
 * since the epoch), its port and its status ({@code ready} once it accepts connections). PostgreSQL writes the
 * status line last and rewrites it in place; a file cut short reads as empty.
 */
record PostmasterPid(long pid, long startedAtSecond, int port, String status) {
    private static final int PID_LINE = 0;
    private static final int START_LINE = 2;
    private static final int PORT_LINE = 3;
    private static final int STATUS_LINE = 7;

    static Optional<PostmasterPid> read(Path data) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(data.resolve("postmaster.pid"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.size() <= STATUS_LINE) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PostmasterPid(Long.parseLong(lines.get(PID_LINE).trim()),
                    Long.parseLong(lines.get(START_LINE).trim()), Integer.parseInt(lines.get(PORT_LINE).trim()),
                    lines.get(STATUS_LINE).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean ready() {
        return "ready".equals(status);
    }
}
