package dev.warden.daemon.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warden decisions}: the newest decisions and what became of each, as the API says. */
@Command(name = "decisions", description = "List the newest decisions and what became of each.",
        footerHeading = "%nExamples:%n", footer = "  warden decisions --target orders")
final class DecisionsCommand extends ApiCommand {
    @Option(names = "--target", paramLabel = "T", description = "Only this target's decisions.")
    String target;

    DecisionsCommand(Map<String, String> env, PrintStream out) {
        super(env, out);
    }

    @Override
    public Integer call() {
        String query = target == null ? "" : "?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
        api().get("/api/decisions" + query).getJsonArray("decisions").stream().map(JsonObject.class::cast)
                .forEach(this::print);
        return 0;
    }

    private void print(JsonObject decision) {
        JsonObject outcome = decision.getJsonObject("outcome");
        out.println(decision.getString("decided_at") + "  " + decision.getString("target") + "  "
                + decision.getString("issue") + "/" + decision.getString("severity") + " -> "
                + decision.getString("strategy") + " (" + decision.getString("mode") + ")  "
                + outcome.getString("kind") + ": " + outcome.getString("detail"));
    }
}
