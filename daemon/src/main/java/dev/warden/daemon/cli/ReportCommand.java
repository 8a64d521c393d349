package dev.warden.daemon.cli;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warden report ID [-o json]}: a migration's report, or a rollback's incident report, as Markdown. */
@Command(name = "report", description = "Print a migration's or a rollback's report (Markdown, or -o json).",
        footerHeading = "%nExamples:%n", footer = {"  warden report 17            # as Markdown",
                "  warden report 17 -o json > report.json"})
final class ReportCommand extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "A migration's id (warden migrate prints it) or a rollback's id.")
    String id;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "markdown",
            description = "markdown (default) or json.")
    String output;

    ReportCommand(Map<String, String> env, PrintStream out) {
        super(env, out);
    }

    @Override
    public Integer call() {
        boolean json = switch (output) {
            case "markdown", "md" -> false;
            case "json" -> true;
            default -> throw new WardenException(ErrorCode.BAD_USAGE, "-o: expected markdown or json, found \"" + output + "\"");
        };
        try {
            out.print(json ? api().get("/api/migrations/" + id).encodePrettily() + "\n"
                    : api().getText("/api/migrations/" + id + "/report"));
        } catch (WardenException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            // Not a migration: a rollback's report, as before.
            out.print(json ? api().get("/api/rollbacks/" + id).encodePrettily() + "\n"
                    : api().getText("/api/rollbacks/" + id + "/report"));
        }
        return 0;
    }
}
