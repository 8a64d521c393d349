package dev.warden.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;


import java.nio.charset.StandardCharsets;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(promtool).as("promtool is missing: run scripts/install-test-tools (CI's .ci/run does)").exists();
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String verdict = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.exitValue()).as(verdict).isZero();
        assertThat(verdict).as("promtool findings").isBlank();
    }

}
