package dev.warden.daemon.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository's grafana folder as tests read it: rule files, dashboards, and every PromQL
 * expression in them, with Grafana's variables replaced by values Prometheus can evaluate.
 */
final class GrafanaFiles {
    /** Tests run in the daemon module's folder. */
    static final Path GRAFANA = Path.of("..", "grafana").toAbsolutePath().normalize();
    static final Path RULES = GRAFANA.resolve("prometheus/rules");
    static final Path ALERT_RULES = RULES.resolve("warden-alerts.yml");
    static final Path RECORDING_RULES = RULES.resolve("warden-recording.yml");
    static final Path DASHBOARDS = GRAFANA.resolve("dashboards");
    static final Path TARGET_DASHBOARD = DASHBOARDS.resolve("warden-target.json");
    static final Path PROMETHEUS_CONFIG = GRAFANA.resolve("prometheus/prometheus.yml");
    static final Path ALERTMANAGER_CONFIG = GRAFANA.resolve("alertmanager/alertmanager.yml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One PromQL expression and where it comes from ("warden-target.json: panel 'Locks' A"). */
    record Expression(String where, String expr) {
        @Override
        public String toString() {
            return where;
        }
    }

    private GrafanaFiles() {
    }

    static List<Path> ruleFiles() {
        return list(RULES, ".yml");
    }

    static List<Path> dashboards() {
        return list(DASHBOARDS, ".json");
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every rule's expr, named by its alert or recorded series. */
    static List<Expression> ruleExpressions(Path ruleFile) {
        List<Expression> found = new ArrayList<>();
        for (JsonNode group : readYaml(ruleFile).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert") ? "alert " + rule.path("alert").asText() + " (" + rule.path("labels")
                        .path("severity").asText() + ")" : "record " + rule.path("record").asText();
                found.add(new Expression(ruleFile.getFileName() + ": " + name, rule.path("expr").asText()));
            }
        }
        return found;
    }

    /** Every panel target's expr (panels nested in rows included), variables substituted for {@code target}. */
    static List<Expression> panelExpressions(Path dashboard, String target) {
        List<Expression> found = new ArrayList<>();
        collectPanels(dashboard.getFileName().toString(), readJson(dashboard).path("panels"), "", target, found);
        return found;
    }

    /** Every annotation query's expr, variables substituted for {@code target}. */
    static List<Expression> annotationExpressions(Path dashboard, String target) {
        List<Expression> found = new ArrayList<>();
        for (JsonNode annotation : readJson(dashboard).path("annotations").path("list")) {
            if (annotation.hasNonNull("expr")) {
                found.add(new Expression(dashboard.getFileName() + ": annotation '" + annotation.path("name").asText() + "'",
                        substitute(annotation.path("expr").asText(), target)));
            }
        }
        return found;
    }

    /**
     * Grafana's variables as Grafana would expand them for a one-hour dashboard; anything else with a
     * {@code $} stays and fails to parse, as it would in Prometheus.
     */
    static String substitute(String expr, String target) {
        return expr.replace("${target}", target).replace("$target", target)
                .replace("$__rate_interval", "1m").replace("$__interval", "15s").replace("$__range", "1h");
    }

    private static void collectPanels(String file, JsonNode panels, String row, String target, List<Expression> found) {
        for (JsonNode panel : panels) {
            String title = row + panel.path("title").asText();
            for (JsonNode query : panel.path("targets")) {
                if (query.hasNonNull("expr")) {
                    found.add(new Expression(file + ": panel '" + title + "' " + query.path("refId").asText(),
                            substitute(query.path("expr").asText(), target)));
                }
            }
            collectPanels(file, panel.path("panels"), title + " / ", target, found);
        }
    }

    private static List<Path> list(Path folder, String suffix) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
