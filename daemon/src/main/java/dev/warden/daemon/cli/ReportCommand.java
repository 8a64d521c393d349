package dev.warden.daemon.cli;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code warden report ID [-o markdown|json|yaml]}: a migration's, a drill's or a rollback's report, as Markdown; or
 * {@code warden report --last-drill --target T}, the target's last drill. The daemon writes the
 * Markdown, so it reads as the API's {@code .../report} does.
 */
@Command(name = "report", description = "Print a migration's, a drill's or a rollback's report (Markdown, or -o json or yaml);"
        + " --last-drill --target T for the target's last drill.",
        footerHeading = "%nExamples:%n", footer = {"  warden report 17                          # as Markdown",
                "  warden report 17 -o json > report.json",
                "  warden report --last-drill --target orders"})
final class ReportCommand extends ApiCommand {
    /** A drill's id: 12 hex digits, as warden drill prints it (migrations and rollbacks have UUIDs). */
    private static final Pattern DRILL_ID = Pattern.compile("[0-9a-f]{12}");

    @Parameters(paramLabel = "ID", arity = "0..1", description = "A migration's id (warden migrate prints it), a"
            + " drill's (warden drill prints it) or a rollback's id.")
    String id;

    @Option(names = "--last-drill", description = "The last drill of the target named by --target.")
    boolean lastDrill;

    @Option(names = "--target", paramLabel = "T", description = "With --last-drill: the target's name.")
    String target;

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
        if (lastDrill == (id != null) || lastDrill != (target != null)) {
            throw new WardenException(ErrorCode.BAD_USAGE, "give a report's ID, or --last-drill --target T;"
                    + " e.g. warden report --last-drill --target shop");
        }
        String path = lastDrill ? "/api/targets/" + target + "/drills/last"
                : DRILL_ID.matcher(id).matches() ? "/api/drills/" + id : "/api/migrations/" + id;
        try {
            print(path);
        } catch (WardenException e) {
            if (e.code() != ErrorCode.NOT_FOUND || !path.startsWith("/api/migrations/")) {
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
            default -> {
                String markdown = api().getText(path + "/report");
                out.print(markdown.endsWith("\n") ? markdown : markdown + "\n"); // the shell prompt goes below it
            }
        }
    }
}
