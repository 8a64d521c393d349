package dev.warden.rollback.external;

import dev.warden.config.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A program Warden runs for a strategy, without a shell (write {@code [sh, -c, "..."]} to get one).
 * YAML keys: {@code command} (the argv list), {@code env} (extra variables; values are secrets,
 * masked in every message), {@code timeout} (default 5m; the process is killed after it). The
 * program also gets the rollback's {@code WARDEN_*} variables.
 */
public record CommandSettings(List<String> command, Map<String, Secret> env, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public CommandSettings {
        if (command == null || command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("command: expected a non-empty argv list");
        }
        command = List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    public static CommandSettings of(List<String> command) {
        return new CommandSettings(command, Map.of(), null);
    }

    /** The program's name, for messages (never its arguments, which may hold secrets). */
    public String program() {
        return command.get(0);
    }
}
