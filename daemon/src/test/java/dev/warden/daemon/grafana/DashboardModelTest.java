package dev.warden.daemon.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The dashboards are valid Grafana JSON models wired to the provisioned datasource. */
class DashboardModelTest {
    private static final Set<String> MACROS = Set.of("target", "__rate_interval", "__interval", "__range");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)|\\[\\[(\\w+)]]");
    private static final Set<String> PANEL_TYPES = Set.of("row", "timeseries", "stat", "table", "bargauge",
            "state-timeline");

    @Test
    void shouldHaveTheirFixedUidsATitleAndTheTargetVariable() {
        for (GrafanaDashboards.Dashboard dashboard : GrafanaDashboards.all()) {
            JsonNode json = dashboard.json();
            assertThat(json.path("uid").asText()).as(dashboard.file()).isEqualTo(GrafanaDashboards.UIDS.get(dashboard.file()));
            assertThat(json.path("title").asText()).as(dashboard.file()).startsWith("Warden");
            assertThat(json.path("schemaVersion").asInt()).as(dashboard.file()).isGreaterThanOrEqualTo(36);
            JsonNode variable = variable(json, "target");
            assertThat(variable).as(dashboard.file() + " has a target variable").isNotNull();
            assertThat(variable.path("type").asText()).isEqualTo("query");
            assertThat(variable.path("datasource").path("uid").asText()).isEqualTo(GrafanaDashboards.DATASOURCE_UID);
            assertThat(GrafanaDashboards.variableQuery(variable)).isEqualTo("label_values(warden_target_up, target)");
        }
        assertThat(GrafanaDashboards.all()).extracting(d -> d.json().path("uid").asText()).doesNotHaveDuplicates();
    }

    @Test
    void shouldGiveEveryPanelATitleADescriptionAndPrometheusQueries() {
        for (GrafanaDashboards.Dashboard dashboard : GrafanaDashboards.all()) {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dashboard.panels()) {
                String where = dashboard.file() + " panel \"" + panel.path("title").asText() + "\"";
                assertThat(panel.path("title").asText()).as(dashboard.file() + " panel title").isNotBlank();
                assertThat(PANEL_TYPES).as(where + " type").contains(panel.path("type").asText());
                assertThat(ids.add(panel.path("id").asInt())).as(where + " has a unique id").isTrue();
                if (panel.path("type").asText().equals("row")) {
                    assertThat(panel.path("targets")).as(where).isEmpty();
                    continue;
                }
                assertThat(panel.path("description").asText()).as(where + " description").isNotBlank();
                assertThat(panel.path("datasource").path("uid").asText()).as(where)
                        .isEqualTo(GrafanaDashboards.DATASOURCE_UID);
                assertThat(panel.path("targets").size()).as(where + " queries").isPositive();
                Set<String> refIds = new HashSet<>();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asText()).as(where + " expr").isNotBlank();
                    assertThat(target.path("datasource").path("uid").asText()).as(where)
                            .isEqualTo(GrafanaDashboards.DATASOURCE_UID);
                    assertThat(refIds.add(target.path("refId").asText())).as(where + " refIds").isTrue();
                }
                if (Set.of("timeseries", "stat", "bargauge").contains(panel.path("type").asText())) {
                    assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as(where + " unit")
                            .isNotBlank();
                }
            }
        }
    }

    @Test
    void shouldUseOnlyTheAgreedGrafanaVariablesInQueries() {
        for (GrafanaDashboards.Dashboard dashboard : GrafanaDashboards.all()) {
            for (GrafanaDashboards.Query query : dashboard.queries()) {
                Matcher variable = VARIABLE.matcher(query.expr());
                while (variable.find()) {
                    String name = variable.group(1) != null ? variable.group(1) : "[[" + variable.group(2) + "]]";
                    assertThat(MACROS).as(query.dashboard() + ", " + query.where() + " uses $" + name).contains(name);
                }
            }
        }
    }

    @Test
    void shouldQueryAnnotationsFromTheProvisionedDatasource() {
        JsonNode annotations = GrafanaDashboards.load("warden-target.json").json().path("annotations").path("list");
        assertThat(StreamSupport.stream(annotations.spliterator(), false).map(a -> a.path("name").asText()))
                .contains("Decisions", "Rollbacks");
        for (GrafanaDashboards.Dashboard dashboard : GrafanaDashboards.all()) {
            for (JsonNode annotation : dashboard.json().path("annotations").path("list")) {
                assertThat(annotation.path("datasource").path("uid").asText()).as(dashboard.file())
                        .isEqualTo(GrafanaDashboards.DATASOURCE_UID);
                assertThat(annotation.path("expr").asText()).as(dashboard.file()).isNotBlank();
            }
        }
    }

    @Test
    void shouldLayOutPanelsWithoutOverlapInsideTheGrid() {
        for (GrafanaDashboards.Dashboard dashboard : GrafanaDashboards.all()) {
            List<JsonNode> layout = new ArrayList<>();
            for (JsonNode panel : dashboard.json().path("panels")) {
                layout.add(panel);
                if (panel.path("collapsed").asBoolean()) {
                    assertNoOverlap(dashboard.file() + " row " + panel.path("title").asText(), list(panel.path("panels")));
                } else {
                    assertThat(panel.path("panels")).as("an expanded row keeps its panels at the top level").isEmpty();
                }
            }
            assertNoOverlap(dashboard.file(), layout);
        }
    }

    @Test
    void shouldDrawTheTenAndThirtyMinuteLinesOnRunningMigrations() {
        int drawn = 0;
        for (GrafanaDashboards.Dashboard dashboard : GrafanaDashboards.all()) {
            for (JsonNode panel : dashboard.panels()) {
                boolean migrations = panel.path("targets").findValuesAsText("expr").stream()
                        .anyMatch(expr -> expr.contains("warden_migration_running_seconds"));
                if (migrations && panel.path("type").asText().equals("timeseries")) {
                    JsonNode defaults = panel.path("fieldConfig").path("defaults");
                    assertThat(defaults.path("thresholds").path("steps").findValuesAsText("value"))
                            .as(dashboard.file() + " " + panel.path("title").asText()).contains("600", "1800");
                    assertThat(defaults.path("custom").path("thresholdsStyle").path("mode").asText()).isNotEqualTo("off");
                    drawn++;
                }
            }
        }
        assertThat(drawn).as("running migrations are drawn on the target detail and the overview").isEqualTo(2);
    }

    @Test
    void shouldProvisionTheDatasourceAndTheDashboardsFolderTheDashboardsUse() {
        JsonNode datasources = RepositoryFiles.yaml(RepositoryFiles.path("grafana/provisioning/datasources/warden.yml"));
        assertThat(datasources.path("datasources")).hasSize(1);
        JsonNode datasource = datasources.path("datasources").get(0);
        assertThat(datasource.path("uid").asText()).isEqualTo(GrafanaDashboards.DATASOURCE_UID);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");

        JsonNode providers = RepositoryFiles.yaml(RepositoryFiles.path("grafana/provisioning/dashboards/warden.yml"));
        assertThat(providers.path("providers")).hasSize(1);
        JsonNode provider = providers.path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText()).isEqualTo(ComposeFileTest.GRAFANA_DASHBOARDS);
    }

    private static void assertNoOverlap(String where, List<JsonNode> panels) {
        for (int i = 0; i < panels.size(); i++) {
            JsonNode a = panels.get(i).path("gridPos");
            assertThat(a.path("w").asInt()).as(where + " " + panels.get(i).path("title").asText() + " width").isPositive();
            assertThat(a.path("h").asInt()).as(where + " height").isPositive();
            assertThat(a.path("x").asInt() + a.path("w").asInt()).as(where + " " + panels.get(i).path("title").asText()
                    + " fits the 24 columns").isLessThanOrEqualTo(24);
            for (int j = 0; j < i; j++) {
                JsonNode b = panels.get(j).path("gridPos");
                boolean overlap = a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
                assertThat(overlap).as(where + ": \"" + panels.get(i).path("title").asText() + "\" overlaps \""
                        + panels.get(j).path("title").asText() + "\"").isFalse();
            }
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        return null;
    }
}
