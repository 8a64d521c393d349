package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How the code_revert strategy asks the deploy system to roll back: a webhook or a command, then a success check. */
public record CodeRevertConfig(Optional<HttpCallConfig> webhook, List<String> command, Duration commandTimeout,
                               Optional<SuccessCheck> successCheck) {

    public record SuccessCheck(URI url, int expectStatus, String expectBody, Duration timeout, Duration interval) {
        static final Key<URI> URL = Key.required("url", Types.endpointUrl(),
                "Polled until it answers as expected: something true only after the revert (the deployed version).");
        static final Key<Integer> EXPECT_STATUS = Key.of("expect_status", Types.integer(100, 599), 200, "Expected status.");
        static final Key<String> EXPECT_BODY = Key.of("expect_body", Types.string(), "",
                "Text the body must contain; empty checks the status only.");
        static final Key<Duration> TIMEOUT = Key.of("timeout", Types.timeout(Duration.ofSeconds(1)), Duration.ofMinutes(5),
                "How long to wait for the revert to show.");
        static final Key<Duration> INTERVAL = Key.of("interval", Types.duration(Duration.ofMillis(100)), Duration.ofSeconds(5),
                "How often to poll.");
        static final Section SECTION = Section.of("success_check", "How Warden sees that the revert is live.",
                List.of(URL, EXPECT_STATUS, EXPECT_BODY, TIMEOUT, INTERVAL), List.of());

        static SuccessCheck read(Node n) {
            return new SuccessCheck(n.get(URL), n.get(EXPECT_STATUS), n.get(EXPECT_BODY), n.get(TIMEOUT), n.get(INTERVAL));
        }
    }

    static final Section WEBHOOK = HttpCallConfig.section("webhook",
            "A webhook to the deploy system; the decision's context goes in the body and Idempotency-Key is the rollback id.");
    static final Key<List<String>> COMMAND = Key.of("command", Types.stringList(), List.of(),
            "Or a command (argv, no shell) with WARDEN_DECISION_ID, WARDEN_TARGET, ... in its environment.");
    static final Key<Duration> COMMAND_TIMEOUT = Key.of("command_timeout", Types.timeout(Duration.ofSeconds(1)),
            Duration.ofMinutes(5), "How long the command may run.");
    static final Section SECTION = Section.of("code_revert", "The code_revert strategy on this target.",
            List.of(COMMAND, COMMAND_TIMEOUT), List.of(WEBHOOK, SuccessCheck.SECTION));

    public boolean configured() {
        return webhook.isPresent() || !command.isEmpty();
    }

    static CodeRevertConfig read(Node node) {
        CodeRevertConfig config = new CodeRevertConfig(
                node.present(WEBHOOK) ? Optional.of(HttpCallConfig.read(node.section(WEBHOOK))) : Optional.empty(),
                node.get(COMMAND), node.get(COMMAND_TIMEOUT),
                node.present(SuccessCheck.SECTION) ? Optional.of(SuccessCheck.read(node.section(SuccessCheck.SECTION)))
                        : Optional.empty());
        if (config.webhook().isPresent() && !config.command().isEmpty()) {
            node.problem("", "expected a webhook or a command, found both");
        }
        return config;
    }
}
