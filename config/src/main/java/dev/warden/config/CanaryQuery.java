package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import dev.warden.config.schema.Types;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One critical query of the application, run read-only: it must succeed, return {@code expectedRows}
 * rows or {@code expectedValue} (the first column of the first row, as text) when set, and answer
 * within {@code latencyBudget}.
 */
public record CanaryQuery(String name, String sql, OptionalLong expectedRows, Optional<String> expectedValue,
                          Duration latencyBudget) {
    static final Key<String> NAME = Key.required("name", Types.identifier(), "The canary's name in results and alerts.");
    static final Key<String> SQL = Key.required("sql", Types.string(),
            "The query; it runs in a read-only transaction, so it can never write.");
    static final Key<Integer> EXPECTED_ROWS = Key.of("expected_rows", Types.integer(0, Integer.MAX_VALUE), null,
            "Number of rows the query must return.");
    static final Key<String> EXPECTED_VALUE = Key.of("expected_value", Types.string(), null,
            "Value the first column of the first row must have, compared as text (cast with ::text to be exact).");
    static final Key<Duration> LATENCY_BUDGET = Key.of("latency_budget", Types.duration(Duration.ofMillis(1)),
            Duration.ofSeconds(1), "A query slower than this is a performance breach.");

    static final Section SECTION = Section.list("queries", "The critical queries.",
            List.of(NAME, SQL, EXPECTED_ROWS, EXPECTED_VALUE, LATENCY_BUDGET), List.of());

    static CanaryQuery read(Node node) {
        Integer rows = node.get(EXPECTED_ROWS);
        if (node.has(EXPECTED_ROWS) && node.has(EXPECTED_VALUE)) {
            node.problem(EXPECTED_VALUE.name(), "expected either expected_rows or expected_value, found both");
        }
        return new CanaryQuery(node.get(NAME), node.get(SQL), rows == null ? OptionalLong.empty() : OptionalLong.of(rows),
                Optional.ofNullable(node.get(EXPECTED_VALUE)), node.get(LATENCY_BUDGET));
    }
}
