package dev.warden.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The runtime metrics Warden registers one by one (to leave the native memory ones out when the JVM does
 * not track native memory) are the very series {@link JvmMetrics} gives.
 */
class RuntimeMetricsTest {

    @Test
    void sameSeriesAsJvmMetricsGives() {
        PrometheusRegistry all = new PrometheusRegistry();
        JvmMetrics.builder().register(all);
        Set<String> warden = names(new WardenMetrics("test").withRuntimeMetrics().registry());
        warden.removeIf(name -> name.startsWith("warden"));
        assertThat(warden).isNotEmpty().isEqualTo(names(all));
    }

    @Test
    void thisJvmDoesNotTrackNativeMemory() {
        // The test JVM runs without -XX:NativeMemoryTracking: the flag says off, as JvmMetrics found out.
        assertThat(NativeMemoryTracking.on()).isFalse();
    }

    private static Set<String> names(PrometheusRegistry registry) {
        return registry.scrape().stream().map(MetricSnapshot::getMetadata).map(m -> m.getPrometheusName())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
