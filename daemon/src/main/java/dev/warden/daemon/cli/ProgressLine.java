package dev.warden.daemon.cli;

import io.vertx.core.json.JsonObject;
import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * The one line {@code warden migrate} redraws on a terminal while the command runs: elapsed time, the
 * migration's locks held and awaited, sessions blocked behind it, rows changed in critical tables.
 * Nothing at all when standard output is not a terminal (CI logs stay clean).
 */
final class ProgressLine {
    private final PrintWriter terminal;

    private ProgressLine(PrintWriter terminal) {
        this.terminal = terminal;
    }

    static ProgressLine forTerminal(PrintStream out) {
        Console console = System.console();
        return new ProgressLine(out == System.out && console != null ? console.writer() : null);
    }

    boolean shown() {
        return terminal != null;
    }

    synchronized void draw(JsonObject progress) {
        if (terminal == null) {
            return;
        }
        terminal.print(String.format("\r[warden] %.0fs  locks held %d, awaited %d  blocked sessions %d (longest %.1fs)"
                        + "  rows changed %d ", progress.getDouble("elapsed_seconds", 0.0),
                progress.getLong("locks_held", 0L), progress.getLong("locks_awaited", 0L),
                progress.getLong("blocked_sessions", 0L), progress.getDouble("longest_blocked_wait_seconds", 0.0),
                progress.getLong("rows_changed", 0L)));
        terminal.flush();
    }

    synchronized void note(String text) {
        if (terminal != null) {
            terminal.print("\r[warden] " + text + " ");
            terminal.flush();
        }
    }

    synchronized void clear() {
        if (terminal != null) {
            terminal.print("\r\033[K");
            terminal.flush();
        }
    }
}
