package dev.warden.daemon.cli;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.schema.Durations;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warden status [--watch [INTERVAL]]}: every target on one screen, from {@code GET /api/status}. */
@Command(name = "status", description = "Show every target on one screen: up, read-only, restore point, migration"
        + " running, open incident, rollbacks awaiting approval, latest checks; then the newest decisions and rollbacks.",
        footerHeading = "%nExamples:%n", footer = {"  warden status", "  warden status --watch        # redraw every 2s until Ctrl-C",
                "  warden status --watch 10s -o json"})
final class StatusCommand extends ApiCommand {
    /** Terminal codes: cursor home, clear the screen. */
    private static final String CLEAR = "\033[H\033[2J";

    @Option(names = "--watch", arity = "0..1", fallbackValue = "2s", paramLabel = "INTERVAL",
            description = "Show it again every INTERVAL (default 2s) until Ctrl-C; on a terminal the screen is redrawn.")
    String watch;

    @Mixin
    OutputFormat output;

    StatusCommand(Map<String, String> env, PrintStream out) {
        super(env, out);
    }

    @Override
    public Integer call() {
        if (watch == null) {
            show(false);
            return 0;
        }
        Duration interval = interval();
        boolean terminal = out == System.out && System.console() != null;
        try {
            while (true) {
                try {
                    show(terminal);
                } catch (WardenException e) {
                    // A daemon restarting is what one watches for: say so, and look again.
                    out.println("warden: " + e.getMessage());
                }
                Thread.sleep(interval.toMillis());
            }
        } catch (InterruptedException e) {
            // Stopped by whoever runs it in-process; Ctrl-C ends the JVM itself.
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private Duration interval() {
        try {
            Duration interval = Durations.parse(watch);
            if (interval.toMillis() < 100) {
                throw new IllegalArgumentException("expected at least 100ms, found " + watch);
            }
            return interval;
        } catch (IllegalArgumentException e) {
            throw new WardenException(ErrorCode.BAD_USAGE, "--watch: " + e.getMessage());
        }
    }

    private void show(boolean redraw) {
        JsonObject status = api().get("/api/status");
        if (redraw) {
            out.print(CLEAR);
        }
        output.print(out, status, () -> StatusTables.render(status));
        if (watch != null && !redraw) {
            out.println();
        }
        out.flush();
    }
}
