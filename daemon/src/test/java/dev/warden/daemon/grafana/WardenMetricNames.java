package dev.warden.daemon.grafana;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Series names as Prometheus stores them, from a registry's metric families or from an exposition. */
final class WardenMetricNames {
    private WardenMetricNames() {
    }

    /**
     * Every series name the registry's metrics can export, those without samples yet included (the
     * text format leaves a family without samples out entirely): counters as {@code name_total},
     * info metrics as {@code name_info}, histograms as {@code _bucket}, {@code _sum} and {@code _count}.
     */
    static Set<String> registeredIn(PrometheusRegistry registry) {
        Set<String> names = new TreeSet<>();
        for (MetricSnapshot snapshot : registry.scrape()) {
            names.addAll(seriesOf(snapshot));
        }
        return names;
    }

    /** The series names in a Prometheus text exposition (sample lines, not comments). */
    static Set<String> exposedIn(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0]).forEach(names::add);
        return names;
    }

    private static List<String> seriesOf(MetricSnapshot snapshot) {
        String name = snapshot.getMetadata().getPrometheusName();
        if (snapshot instanceof CounterSnapshot) {
            return List.of(name + "_total");
        }
        if (snapshot instanceof InfoSnapshot) {
            return List.of(name + "_info");
        }
        if (snapshot instanceof HistogramSnapshot) {
            return List.of(name + "_bucket", name + "_sum", name + "_count");
        }
        if (snapshot instanceof SummarySnapshot) {
            return List.of(name, name + "_sum", name + "_count");
        }
        return List.of(name);
    }
}
