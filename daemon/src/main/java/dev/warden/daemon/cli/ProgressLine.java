package dev.warden.daemon.cli;

import io.vertx.core.json.JsonObject;
import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one line a command redraws on a terminal while long work runs: for {@code warden migrate},
 * elapsed time, the migration's locks held and awaited, sessions blocked behind it, rows changed in
 * critical tables; for the others, what they wait for and for how long. Nothing at all when standard
 * output is not a terminal (CI logs and pipes stay clean).
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

    /**
     * Runs {@code work}, redrawing "{@code what}... Ns" twice a second meanwhile when on a terminal:
     * for a call that answers only once the work is done (a snapshot with its backup, a rollback).
     */
    <T> T whileWaiting(String what, Supplier<T> work) {
        if (terminal == null) {
            return work.get();
        }
        long started = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "progress-line");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> note(what + "... " + (System.nanoTime() - started) / 1_000_000_000 + "s"),
                0, 500, TimeUnit.MILLISECONDS);
        try {
            return work.get();
        } finally {
            ticker.shutdownNow();
            clear();
        }
    }

    synchronized void clear() {
        if (terminal != null) {
            terminal.print("\r\033[K");
            terminal.flush();
        }
    }
}
