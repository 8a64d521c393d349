package dev.warden.daemon.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warden decisions}: the newest decisions and what became of each, as the API says. */
@Command(name = "decisions", description = "List the newest decisions and what became of each.",
        footerHeading = "%nExamples:%n", footer = {"  warden decisions --target orders",
                "  warden decisions -o json | jq '.decisions[0].outcome'"})
final class DecisionsCommand extends ApiCommand {
    @Option(names = "--target", paramLabel = "T", description = "Only this target's decisions.")
    String target;

    @Mixin
    OutputFormat output;

    DecisionsCommand(Map<String, String> env, PrintStream out) {
        super(env, out);
    }

    @Override
    public Integer call() {
        String query = target == null ? "" : "?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
        JsonObject answer = api().get("/api/decisions" + query);
        output.print(out, answer, () -> Listings.decisions(answer.getJsonArray("decisions")).render());
        return 0;
    }
}
