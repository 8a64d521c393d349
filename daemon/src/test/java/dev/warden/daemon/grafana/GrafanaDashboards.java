package dev.warden.daemon.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Warden's dashboards as Grafana's JSON model: their panels (rows' nested ones too) and every query. */
final class GrafanaDashboards {
    /** The agreed files and their fixed uids. */
    static final Map<String, String> UIDS = Map.of(
            "warden-overview.json", "warden-overview",
            "warden-target.json", "warden-target",
            "warden-self.json", "warden-self");
    static final String DATASOURCE_UID = "warden-prometheus";
    static final String FOLDER = "grafana/dashboards";

    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$",
            Pattern.DOTALL);

    /** A PromQL expression and where it sits, for messages. */
    record Query(String dashboard, String where, String expr) {
    }

    record Dashboard(String file, JsonNode json) {
        /** Every panel, row panels and the panels nested in rows included, in document order. */
        List<JsonNode> panels() {
            List<JsonNode> all = new ArrayList<>();
            for (JsonNode panel : json.path("panels")) {
                all.add(panel);
                panel.path("panels").forEach(all::add);
            }
            return all;
        }

        /** Every panel target's query. */
        List<Query> panelQueries() {
            List<Query> queries = new ArrayList<>();
            for (JsonNode panel : panels()) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new Query(file, "panel \"" + panel.path("title").asText() + "\" "
                            + target.path("refId").asText(), target.path("expr").asText()));
                }
            }
            return queries;
        }

        /** Panel targets, annotation queries and the template variables' metric selectors. */
        List<Query> queries() {
            List<Query> queries = panelQueries();
            for (JsonNode annotation : json.path("annotations").path("list")) {
                if (annotation.has("expr")) {
                    queries.add(new Query(file, "annotation \"" + annotation.path("name").asText() + "\"",
                            annotation.path("expr").asText()));
                }
            }
            for (JsonNode variable : json.path("templating").path("list")) {
                Matcher labelValues = LABEL_VALUES.matcher(variableQuery(variable));
                if (labelValues.matches()) {
                    queries.add(new Query(file, "variable $" + variable.path("name").asText(), labelValues.group(1)));
                }
            }
            return queries;
        }
    }

    private GrafanaDashboards() {
    }

    static List<Dashboard> all() {
        return UIDS.keySet().stream().sorted().map(GrafanaDashboards::load).toList();
    }

    static Dashboard load(String file) {
        Path path = RepositoryFiles.path(FOLDER).resolve(file);
        return new Dashboard(file, RepositoryFiles.json(path));
    }

    /** A variable's query: a string, or Grafana's newer object form with a {@code query} field. */
    static String variableQuery(JsonNode variable) {
        JsonNode query = variable.path("query");
        return query.isTextual() ? query.asText() : query.path("query").asText();
    }
}
