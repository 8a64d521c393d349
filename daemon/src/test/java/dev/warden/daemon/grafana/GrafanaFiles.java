package dev.warden.daemon.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The repository's grafana folder as tests read it: rule files, and every PromQL expression of the
 * rules and the dashboards, with Grafana's variables replaced by values Prometheus can evaluate.
 */
final class GrafanaFiles {
    static final Path GRAFANA = RepositoryFiles.path("grafana");
    static final Path RULES = GRAFANA.resolve("prometheus/rules");
    static final Path ALERT_RULES = RULES.resolve("warden-alerts.yml");
    static final Path RECORDING_RULES = RULES.resolve("warden-recording.yml");
    static final Path PROMETHEUS_CONFIG = GRAFANA.resolve("prometheus/prometheus.yml");
    static final Path ALERTMANAGER_CONFIG = GRAFANA.resolve("alertmanager/alertmanager.yml");

    /** One PromQL expression and where it comes from ("warden-target.json: panel \"Locks\" A"). */
    record Expression(String where, String expr) {
        @Override
        public String toString() {
            return where;
        }
    }

    private GrafanaFiles() {
    }

    static List<Path> ruleFiles() {
        try (Stream<Path> files = Files.list(RULES)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every rule of a rule file, across its groups. */
    static List<JsonNode> rules(Path ruleFile) {
        return StreamSupport.stream(RepositoryFiles.yaml(ruleFile).path("groups").spliterator(), false)
                .flatMap(group -> StreamSupport.stream(group.path("rules").spliterator(), false)).toList();
    }

    /** Every rule's expr, named by its alert or recorded series. */
    static List<Expression> ruleExpressions(Path ruleFile) {
        return rules(ruleFile).stream().map(rule -> new Expression(ruleFile.getFileName() + ": " + (rule.has("alert")
                ? "alert " + rule.path("alert").asText() + " (" + rule.path("labels").path("severity").asText() + ")"
                : "record " + rule.path("record").asText()), rule.path("expr").asText())).toList();
    }

    /** A dashboard's panel queries, variables substituted for {@code target}. */
    static List<Expression> panelExpressions(GrafanaDashboards.Dashboard dashboard, String target) {
        return expressions(dashboard.panelQueries(), target);
    }

    /** All of a dashboard's queries: panels, annotations and the variables' selectors. */
    static List<Expression> expressions(GrafanaDashboards.Dashboard dashboard, String target) {
        return expressions(dashboard.queries(), target);
    }

    /**
     * Grafana's variables as Grafana would expand them for a one-hour dashboard; anything else with a
     * {@code $} stays and fails to parse, as it would in Prometheus.
     */
    static String substitute(String expr, String target) {
        return expr.replace("${target}", target).replace("$target", target)
                .replace("$__rate_interval", "1m").replace("$__interval", "15s").replace("$__range", "1h");
    }

    private static List<Expression> expressions(List<GrafanaDashboards.Query> queries, String target) {
        return queries.stream().map(q -> new Expression(q.dashboard() + ": " + q.where(), substitute(q.expr(), target)))
                .toList();
    }
}
