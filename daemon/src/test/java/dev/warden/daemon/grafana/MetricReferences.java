package dev.warden.daemon.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Checks that dashboard queries read only metrics Warden exports or recording rules define. */
final class MetricReferences {
    static final String RULES_FOLDER = "grafana/prometheus/rules";

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
        try (DirectoryStream<Path> files = Files.newDirectoryStream(RepositoryFiles.path(RULES_FOLDER), "*.yml")) {
            for (Path file : files) {
                for (JsonNode group : RepositoryFiles.yaml(file).path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        if (rule.hasNonNull("record")) {
                            names.add(rule.get("record").asText());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
