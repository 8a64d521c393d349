package dev.warden.config;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.schema.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in a configuration, reported together. */
public final class ConfigException extends WardenException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public ConfigException(String source, List<Problem> problems) {
        super(ErrorCode.BAD_CONFIG, source + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + problems.stream().map(p -> "\n  " + p).collect(Collectors.joining()));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
