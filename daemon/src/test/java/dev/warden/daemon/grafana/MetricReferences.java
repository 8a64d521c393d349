package dev.warden.daemon.grafana;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Checks that dashboard queries read only metrics Warden exports or recording rules define. */
final class MetricReferences {

    private MetricReferences() {
    }

    /** One line per metric a query reads that is not {@code known}, or per query that cannot be read. */
    static List<String> unknown(Collection<GrafanaDashboards.Query> queries, Set<String> known) {
        List<String> problems = new ArrayList<>();
        for (GrafanaDashboards.Query query : queries) {
            try {
                for (String name : PromqlNames.in(query.expr())) {
                    if (!known.contains(name)) {
                        problems.add(query.dashboard() + ", " + query.where() + ": " + name
                                + " is neither exported by Warden nor a recording rule");
                    }
                }
            } catch (IllegalArgumentException e) {
                problems.add(query.dashboard() + ", " + query.where() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** The names the recording rules in {@code grafana/prometheus/rules/*.yml} record. */
    static Set<String> recordingRules() {
        Set<String> names = new TreeSet<>();
        GrafanaFiles.ruleFiles().forEach(file -> GrafanaFiles.rules(file).stream().filter(rule -> rule.hasNonNull("record"))
                .forEach(rule -> names.add(rule.get("record").asText())));
        return names;
    }
}
