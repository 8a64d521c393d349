package dev.warden.rollback.strategy;

import dev.warden.rollback.external.CommandSettings;
import dev.warden.rollback.external.HttpRequestSettings;

/**
 * How code_revert asks the deploy system to roll the code back: exactly one of {@code webhook} (an
 * HTTP call: see {@link HttpRequestSettings}; without a body, a JSON object of the rollback's
 * context is sent) or {@code command} (see {@link CommandSettings}), then, optionally, a
 * {@code success_check} that tells when the revert is live. YAML:
 * {@code targets[].rollback.code_revert.webhook|command|success_check}.
 *
 * @param successCheck null when the deploy system's success cannot be observed
 */
public record CodeRevertSettings(HttpRequestSettings webhook, CommandSettings command,
                                 SuccessCheckSettings successCheck) {

    public CodeRevertSettings {
        if ((webhook == null) == (command == null)) {
            throw new IllegalArgumentException("code_revert: expected exactly one of webhook, command");
        }
    }
}
