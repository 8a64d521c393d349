package dev.warden.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.daemon.Promtool;


import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Warden's exposition must pass Prometheus's own linter (counters end in _total, base units, help text). */
class PromtoolMetricsTest {

    @Test
    void shouldPassPromtoolCheckMetrics() throws Exception {
        WardenMetrics metrics = new WardenMetrics("test");
        metrics.targetUp("orders", true);
        metrics.targetVersion("orders", "17.11");
        metrics.targetVersion("orders", "17.12");
        metrics.checkSkipped("orders", "heartbeat");
        metrics.stateStoreUp(true);
        String exposition = new String(metrics.scrape(), StandardCharsets.UTF_8);
        assertThat(exposition).contains("warden_target_info{server_version=\"17.12\",target=\"orders\"} 1")
                .doesNotContain("17.11");

        assertThat(Promtool.checkMetrics(exposition)).as("promtool findings").isEmpty();
    }

}
