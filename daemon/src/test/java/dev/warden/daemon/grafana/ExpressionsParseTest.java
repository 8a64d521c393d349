package dev.warden.daemon.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.daemon.grafana.GrafanaFiles.Expression;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every PromQL expression the repository ships, in every rule file and every dashboard (panels, panels
 * nested in rows, annotations), is sent to a real Prometheus's query API and must parse there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpressionsParseTest {
    private PrometheusProcess prometheus;

    @BeforeAll
    void startPrometheus() {
        prometheus = PrometheusProcess.start("parse", null, List.of(), null);
    }

    @AfterAll
    void stopPrometheus() {
        if (prometheus != null) {
            prometheus.stop();
        }
    }

    List<Expression> expressions() {
        List<Expression> all = new ArrayList<>();
        GrafanaFiles.ruleFiles().forEach(file -> all.addAll(GrafanaFiles.ruleExpressions(file)));
        GrafanaDashboards.all().forEach(dashboard -> all.addAll(GrafanaFiles.expressions(dashboard, "shop")));
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expressions")
    void shouldParseInPrometheus(Expression expression) {
        JsonObject answer = prometheus.query(expression.expr());

        assertThat(answer.getString("status")).as("%s: %s%n  -> %s", expression.where(), expression.expr(),
                answer.getString("error")).isEqualTo("success");
    }

    @Test
    void shouldFindExpressionsInEveryRuleFileAndEveryDashboard() {
        assertThat(GrafanaFiles.ruleFiles()).extracting(p -> p.getFileName().toString())
                .contains("warden-alerts.yml", "warden-recording.yml");
        GrafanaFiles.ruleFiles().forEach(file -> assertThat(GrafanaFiles.ruleExpressions(file)).as(file.toString())
                .isNotEmpty().allSatisfy(e -> assertThat(e.expr()).isNotBlank()));
        assertThat(GrafanaDashboards.all()).extracting(GrafanaDashboards.Dashboard::file).contains("warden-target.json");
        GrafanaDashboards.all().forEach(dashboard -> assertThat(GrafanaFiles.panelExpressions(dashboard, "shop"))
                .as(dashboard.file() + " has panel queries").isNotEmpty());
    }

    @Test
    void shouldRejectWhatDoesNotParseAndAVariableLeftUnsubstituted() {
        assertThat(prometheus.query("sum by (target) (warden_target_up").getString("status")).isEqualTo("error");
        assertThat(prometheus.query(GrafanaFiles.substitute("rate(warden_check_runs_total[$__rate_interval])"
                + " * on (target) warden_target_up{target=\"$target\"}", "shop")).getString("status")).isEqualTo("success");
        assertThat(prometheus.query(GrafanaFiles.substitute("rate(warden_check_runs_total[$__interval_ms])", "shop"))
                .getString("status")).as("an unknown Grafana variable is not silently accepted").isEqualTo("error");
    }
}
