package dev.warden.daemon.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromqlNamesTest {

    @Test
    void shouldFindMetricsButNotLabelsFunctionsKeywordsOrGrafanaVariables() {
        assertThat(PromqlNames.in("sum by (target, check) (rate(warden_check_runs_total{target=\"$target\","
                + "check=~\"row_count|lock\"}[$__rate_interval])) * 60")).containsExactly("warden_check_runs_total");
        assertThat(PromqlNames.in("histogram_quantile(0.95, sum without (instance) (rate(a_bucket{x='}'}[5m]))) "
                + "> bool 1e3")).containsExactly("a_bucket");
        assertThat(PromqlNames.in("target:warden_check_status:breaching{target=~\"${target}\"} offset 5m"))
                .containsExactly("target:warden_check_status:breaching");
    }

    @Test
    void shouldSkipVectorMatchingLabelListsAndStringArguments() {
        assertThat(PromqlNames.in("max by (tool) (a) * on (schemaname, relname) group_left (owner) b "
                + "or on() label_replace(vector(0), \"migration\", \"none running\", \"\", \"\") "
                + "unless ignoring(instance) c == bool 2 and time() - d offset $__range"))
                .containsExactly("a", "b", "c", "d");
        assertThat(PromqlNames.in("count(warden_target_up == 0) or vector(0)")).containsExactly("warden_target_up");
    }

    @Test
    void shouldRefuseWhatItCannotCheck() {
        assertThatThrownBy(() -> PromqlNames.in("frobnicate(warden_target_up)"))
                .hasMessageContaining("unknown function frobnicate()");
        assertThatThrownBy(() -> PromqlNames.in("{__name__=~\"warden_.*\"}")).hasMessageContaining("__name__");
        assertThatThrownBy(() -> PromqlNames.in("sum(rate(x[5m))")).hasMessageContaining("unclosed '['");
        assertThatThrownBy(() -> PromqlNames.in("x{a=\"b}")).hasMessageContaining("unclosed");
    }
}
