package dev.warden.daemon.cli;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warden report ID [-o markdown|json|yaml]}: a migration's report, or a rollback's incident report. */
@Command(name = "report", description = "Print a migration's or a rollback's report (Markdown, or -o json or yaml).",
        footerHeading = "%nExamples:%n", footer = {"  warden report 17            # as Markdown",
                "  warden report 17 -o json > report.json", "  warden report 17 -o yaml"})
final class ReportCommand extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "A migration's id (warden migrate prints it) or a rollback's id.")
    String id;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "markdown",
            description = "markdown (default), json or yaml.")
    String output;

    ReportCommand(Map<String, String> env, PrintStream out) {
        super(env, out);
    }

    @Override
    public Integer call() {
        if (!List.of("markdown", "md", "json", "yaml").contains(output)) {
            throw OutputFormat.unknown(output, "markdown, json or yaml");
        }
        try {
            print("/api/migrations/" + id);
        } catch (WardenException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            // Not a migration: a rollback's report, as before.
            print("/api/rollbacks/" + id);
        }
        return 0;
    }

    /** The report at {@code path} (its Markdown under {@code path/report}), in the chosen form. */
    private void print(String path) {
        switch (output) {
            case "json" -> out.println(api().get(path).encodePrettily());
            case "yaml" -> out.print(OutputFormat.yaml(api().get(path)));
            default -> out.print(api().getText(path + "/report"));
        }
    }
}
