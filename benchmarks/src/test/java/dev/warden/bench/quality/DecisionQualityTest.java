package dev.warden.bench.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decision-quality runner itself, on two of its fast scenarios: a bad one that today's Warden
 * catches and a benign one it leaves alone. The whole suite is a benchmark ({@code bench/run quality});
 * this keeps its runner and scoring honest in {@code mvn verify}.
 */
class DecisionQualityTest {
    @Test
    void shouldCatchAMassDeleteAndLeaveAnalyzeAlone() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Path work = Path.of(System.getProperty("warden.test.work.dir", "target/warden-test"));

        DecisionQuality.Summary summary = DecisionQuality.run(new DecisionQuality.Options(
                List.of("delete_40pct_orders", "analyze"), 1, false, work),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(summary.outcomes()).extracting(o -> o.scenario().name() + " " + o.verdict()).as(text)
                .containsExactly("delete_40pct_orders CAUGHT", "analyze QUIET");
        assertThat(summary.outcomes().get(0).decisions()).as(text).anyMatch(d -> d.startsWith("data_corruption/critical"));
        assertThat(summary.medianDetection()).as(text).isBetween(0.0, 15.0);
        assertThat(text.strip().lines().reduce((first, second) -> second).orElseThrow()).as(text)
                .matches("caught 1/1 bad, decided on 0/1 benign, median detection \\d+\\.\\d s");
    }
}
