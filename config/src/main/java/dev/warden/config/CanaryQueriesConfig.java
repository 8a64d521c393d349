package dev.warden.config;

import dev.warden.config.schema.Node;
import dev.warden.config.schema.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The application's critical queries, run on a schedule. */
public record CanaryQueriesConfig(CheckSchedule schedule, List<CanaryQuery> queries) {
    static final CheckSchedule.Keys RUN =
            CheckSchedule.listKeys("queries", Duration.ofSeconds(30), Duration.ofSeconds(20));

    static final Section SECTION = Section.of("canary_queries",
            "Critical queries that must succeed, return what is expected, and be fast.",
            RUN.all(), List.of(CanaryQuery.SECTION));

    public CanaryQueriesConfig {
        queries = List.copyOf(queries);
    }

    static CanaryQueriesConfig read(Node node) {
        List<CanaryQuery> queries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Node> items = node.list(CanaryQuery.SECTION);
        for (int i = 0; i < items.size(); i++) {
            CanaryQuery query = CanaryQuery.read(items.get(i));
            if (query.name() != null && !names.add(query.name())) {
                node.problem(CanaryQuery.SECTION.name() + "[" + i + "].name",
                        "expected a unique name, found \"" + query.name() + "\" again");
            }
            queries.add(query);
        }
        return new CanaryQueriesConfig(CheckSchedule.read(node, RUN, !queries.isEmpty()), queries);
    }
}
