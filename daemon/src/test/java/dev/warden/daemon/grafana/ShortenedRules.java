package dev.warden.daemon.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A copy of a rule file for a test that cannot wait ten minutes: every {@code for:} becomes 0s and
 * chosen thresholds are replaced in the rules' expressions. Each replacement must match exactly once,
 * so a rule file that changes under the test fails it rather than leaving a threshold unshortened.
 */
final class ShortenedRules {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ShortenedRules() {
    }

    /** @param replacements text in an {@code expr} (such as "warden_migration_running_seconds > 600") to its shortened form */
    static Path write(Path rules, Path copy, Map<String, String> replacements) {
        JsonNode tree = RepositoryFiles.yaml(rules);
        Map<String, Integer> matched = new HashMap<>();
        for (JsonNode group : tree.path("groups")) {
            for (JsonNode node : group.path("rules")) {
                ObjectNode rule = (ObjectNode) node;
                if (rule.has("for")) {
                    rule.put("for", "0s");
                }
                String expr = rule.path("expr").asText();
                for (Map.Entry<String, String> replacement : replacements.entrySet()) {
                    if (expr.contains(replacement.getKey())) {
                        matched.merge(replacement.getKey(), 1, Integer::sum);
                        expr = expr.replace(replacement.getKey(), replacement.getValue());
                    }
                }
                rule.put("expr", expr);
            }
        }
        replacements.keySet().forEach(key -> assertThat(matched.getOrDefault(key, 0))
                .as("rules matching \"%s\" in %s", key, rules).isEqualTo(1));
        try {
            Files.createDirectories(copy.getParent());
            YAML.writeValue(copy.toFile(), tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }
}
