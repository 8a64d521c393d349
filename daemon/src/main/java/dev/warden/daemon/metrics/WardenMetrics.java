package dev.warden.daemon.metrics;

import dev.warden.config.SessionConfig;
import dev.warden.postgres.ServerConnections;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warden's metrics, in a registry of its own. Values are set by the components that observe;
 * a scrape only formats what is already known and never queries a database. Every stateful metric
 * Warden builds is without exemplars: Warden has no tracer, so none would ever be exported, yet each
 * update of a series would hand the client's scheduler thread a task (issue 14: at 100 targets, a
 * wake-up per check result and heartbeat).
 */
public final class WardenMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Map<String, String> versionByTarget = new ConcurrentHashMap<>();

    private final Gauge targetUp = Gauge.builder().withoutExemplars().name("warden_target_up")
            .help("1 when the target answered its last heartbeat, else 0.")
            .labelNames("target").register(registry);
    private final Info targetInfo = Info.builder().name("warden_target_info")
            .help("The target's PostgreSQL server version.")
            .labelNames("target", "server_version").register(registry);
    private final Counter checkSkipped = Counter.builder().withoutExemplars().name("warden_check_skipped_total")
            .help("Cycles not started because the previous one for that target was still running (a heartbeat also"
                    + " when no connection to its server was free in time).")
            .labelNames("target", "check").register(registry);
    private final Gauge targetReadOnly = Gauge.builder().withoutExemplars().name("warden_target_read_only")
            .help("1 while new sessions of the target database start read-only (its own ALTER DATABASE ... SET"
                    + " default_transaction_read_only, as read_only and full_rollback impose until lifted), else 0.")
            .labelNames("target").register(registry);
    private final Gauge stateStoreUp = Gauge.builder().withoutExemplars().name("warden_state_store_up")
            .help("1 when Warden's state database answered its last probe, else 0.")
            .register(registry);

    private final Gauge migrationFailed = Gauge.builder().withoutExemplars().name("warden_migration_failed")
            .help("1 when the target's migration history shows a failed or dirty migration, or the migration_duration"
                    + " check saw a migration fail without a history row.")
            .labelNames("target").register(registry);
    /** Per target, what each observer (the snapshot's history, the migration_duration check) last said. */
    private final Map<String, Map<String, Boolean>> migrationFailedBy = new ConcurrentHashMap<>();

    public WardenMetrics(String version) {
        Info.builder().name("warden_build_info").help("The running Warden's version.")
                .labelNames("version").register(registry).addLabelValues(version);
    }

    /**
     * Adds the client library's own JVM and process metrics ({@code jvm_*}, {@code process_*}): the
     * daemon's memory, GC, threads and CPU, beside what it observes. Not for one-shot commands.
     */
    public WardenMetrics withRuntimeMetrics() {
        // JvmMetrics.builder() registers these and the native memory metrics, which ask the platform MBean
        // server for the native memory summary: building that server was a tenth of start-up (BENCHMARKS.md,
        // "startup"), and without native memory tracking the answer is that it is off and no series come.
        JvmThreadsMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryPoolAllocationMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        if (NativeMemoryTracking.on()) {
            JvmNativeMemoryMetrics.builder().register(registry);
        }
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
        return this;
    }

    /**
     * Per server (host:port) the targets are on: the connections their pools hold now, the bound on them
     * ({@code connection.server_connections}; no series when unbounded), and the targets waiting for their
     * turn. Read from memory when scraped.
     */
    public void servers(List<ServerConnections> servers) {
        GaugeWithCallback.builder().name("warden_server_connections")
                .help("Connections Warden's targets hold open on the server now, all together.")
                .labelNames("server")
                .callback(callback -> servers.forEach(s -> callback.call(s.open(), s.server())))
                .register(registry);
        GaugeWithCallback.builder().name("warden_server_connections_limit")
                .help("The most connections Warden's targets hold on the server at once (connection.server_connections).")
                .labelNames("server")
                .callback(callback -> servers.stream().filter(s -> s.limit() != SessionConfig.UNBOUNDED)
                        .forEach(s -> callback.call(s.limit(), s.server())))
                .register(registry);
        GaugeWithCallback.builder().name("warden_server_connections_waiting")
                .help("Targets waiting for their turn on the server's connections now.")
                .labelNames("server")
                .callback(callback -> servers.forEach(s -> callback.call(s.waiting(), s.server())))
                .register(registry);
    }

    public void targetUp(String target, boolean up) {
        targetUp.labelValues(target).set(up ? 1 : 0);
    }

    /** A cluster node stopped watching {@code target}: its owner reports whether it is up, not this node. */
    public void targetNotWatched(String target) {
        targetUp.remove(target);
    }

    public void targetReadOnly(String target, boolean readOnly) {
        targetReadOnly.labelValues(target).set(readOnly ? 1 : 0);
    }

    public void targetVersion(String target, String serverVersion) {
        String previous = versionByTarget.put(target, serverVersion);
        if (serverVersion.equals(previous)) {
            return;
        }
        if (previous != null) {
            targetInfo.remove(target, previous);
        }
        targetInfo.addLabelValues(target, serverVersion);
    }

    /** warden_migration_failed is 1 while any observer's last word was that a migration failed. */
    public void migrationFailed(String target, String observer, boolean failed) {
        Map<String, Boolean> said = migrationFailedBy.computeIfAbsent(target, t -> new ConcurrentHashMap<>());
        said.put(observer, failed);
        migrationFailed.labelValues(target).set(said.containsValue(true) ? 1 : 0);
    }

    public void checkSkipped(String target, String check) {
        checkSkipped.labelValues(target, check).inc();
    }

    public void stateStoreUp(boolean up) {
        stateStoreUp.set(up ? 1 : 0);
    }

    /** warden_check_skipped_total, shared by everything that skips a cycle. */
    public Counter skippedCounter() {
        return checkSkipped;
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public String contentType() {
        return writer.getContentType();
    }

    /** The Prometheus text exposition of every metric. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
