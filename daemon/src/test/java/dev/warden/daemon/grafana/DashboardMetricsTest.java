package dev.warden.daemon.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;
import dev.warden.daemon.Warden;
import dev.warden.daemon.alert.Alerts;
import dev.warden.daemon.check.CheckMetrics;
import dev.warden.daemon.snapshot.SnapshotMetrics;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.drill.DrillMetrics;
import dev.warden.daemon.migrate.MigrationMetrics;
import dev.warden.daemon.rollback.RollbackMetrics;
import dev.warden.daemon.state.StateStore;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every metric a dashboard reads must be one Warden exports or a recording rule defines. Warden's
 * names come from Warden: its metric classes registered on a fresh registry (which lists metrics that
 * have no samples yet, such as rollbacks before the first rollback), checked against what a real
 * daemon watching a real database serves on /metrics.
 */
@ExtendWith(PostgresExtension.class)
class DashboardMetricsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Set<String> registered;
    private static Set<String> served;

    @BeforeAll
    static void askWarden(TestDatabase target) {
        target.sql().execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 100)");
        String stateDatabase = target.name() + "_state";
        WardenConfig config = ConfigLoader.parse("""
                server: {port: 0}
                state: {url: "%s"}
                targets:
                  - name: app
                    url: "%s"
                    critical_tables: [orders]
                    heartbeat_interval: 200ms
                    snapshots: {schedule: "off"}
                    checks:
                      row_count_drift: {schedule: 1s, timeout: 1s}
                      lock_waits: {schedule: 1s, timeout: 1s}
                      schema_drift: {schedule: 1s, timeout: 1s}
                      migration_duration: {schedule: 1s, timeout: 1s}
                      corruption: {enabled: false}
                """.formatted(target.address().withDatabase(stateDatabase).uri(), target.uri()), "test", Map.of());
        Warden warden = Warden.start(config, Clock.systemUTC());
        try {
            assertThat(post(warden.baseUrl() + "/api/targets/app/snapshots")).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).until(() -> WardenMetricNames.exposedIn(get(warden.baseUrl() + "/metrics"))
                    .containsAll(Set.of("warden_target_up", "warden_check_duration_seconds_bucket",
                            "warden_row_count_drift_ratio", "warden_snapshot_duration_seconds_bucket")));
            served = WardenMetricNames.exposedIn(get(warden.baseUrl() + "/metrics"));
            registered = registeredBy(config);
        } finally {
            warden.stop();
            new Sql(target.server().admin()).execute("DROP DATABASE IF EXISTS \"" + stateDatabase + "\" WITH (FORCE)");
        }
    }

    @Test
    void shouldReadOnlyMetricsWardenExportsOrRecordingRulesDefine() {
        List<GrafanaDashboards.Query> queries = GrafanaDashboards.all().stream()
                .flatMap(dashboard -> dashboard.queries().stream()).toList();
        assertThat(queries).extracting(GrafanaDashboards.Query::dashboard).containsAll(GrafanaDashboards.UIDS.keySet());
        Set<String> known = new TreeSet<>(registered);
        known.addAll(MetricReferences.recordingRules());

        assertThat(MetricReferences.unknown(queries, known)).as("metrics the dashboards read but nobody exports")
                .isEmpty();
    }

    @Test
    void shouldTakeWardensNamesFromWardenIncludingMetricsWithoutSamplesYet() {
        assertThat(served).as("a running Warden serves nothing its metric classes do not declare")
                .isSubsetOf(registered)
                .contains("warden_build_info", "warden_target_info", "warden_check_runs_total",
                        "warden_check_duration_seconds_bucket", "warden_check_duration_seconds_count",
                        "warden_table_rows", "warden_snapshot_last_success_timestamp_seconds");
        assertThat(served).as("counters known in advance start at 0").contains("warden_rollbacks_total",
                "warden_decisions_total", "warden_corruption_errors_total", "warden_check_skipped_total");
        Set<String> noSamplesYet = Set.of("warden_rollback_duration_seconds_bucket", "warden_rollback_within_budget",
                "warden_alert_send_failures_total");
        assertThat(served).as("no rollback or receiver yet").doesNotContainAnyElementsOf(noSamplesYet);
        assertThat(registered).containsAll(noSamplesYet);
    }

    @Test
    void shouldFlagMetricsNobodyExports() {
        GrafanaDashboards.Dashboard fragment = new GrafanaDashboards.Dashboard("fragment.json", RepositoryFiles.json("""
                {"panels": [
                   {"title": "Known", "targets": [{"refId": "A", "expr": "max(warden_target_up{target=\\"$target\\"})"}]},
                   {"type": "row", "title": "Row", "panels": [
                     {"title": "Nested", "targets": [
                       {"refId": "A", "expr": "rate(warden_no_such_metric_total[$__rate_interval]) / warden_target_up"}]}]}],
                 "annotations": {"list": [
                   {"name": "Made up", "expr": "changes(warden_no_such_metric[5m]) > 0"},
                   {"name": "Rule", "expr": "target:warden_no_such:rule or target:warden_check_status:breaching"}]},
                 "templating": {"list": [{"name": "target", "query": "label_values(warden_nope, target)"}]}}
                """));
        Set<String> known = new TreeSet<>(registered);
        known.addAll(MetricReferences.recordingRules());

        assertThat(MetricReferences.unknown(fragment.queries(), known)).containsExactly(
                "fragment.json, panel \"Nested\" A: warden_no_such_metric_total is neither exported by Warden nor a recording rule",
                "fragment.json, annotation \"Made up\": warden_no_such_metric is neither exported by Warden nor a recording rule",
                "fragment.json, annotation \"Rule\": target:warden_no_such:rule is neither exported by Warden nor a recording rule",
                "fragment.json, variable $target: warden_nope is neither exported by Warden nor a recording rule");
    }

    @Test
    void shouldReadTheRecordingRulesTheDashboardsUse() {
        assertThat(MetricReferences.recordingRules()).contains("target:warden_check_status:breaching",
                "target:warden_check_status:inconclusive");
    }

    /** The names Warden's metric classes register, built as {@link Warden#start} builds them. */
    private static Set<String> registeredBy(WardenConfig config) {
        Vertx vertx = Vertx.vertx();
        StateStore state = StateStore.open(vertx, config.stateConnection(), false);
        try {
            state.ready().await(20, TimeUnit.SECONDS);
            Clock clock = Clock.systemUTC();
            WardenMetrics metrics = new WardenMetrics("test").withRuntimeMetrics(); // as the daemon has it
            new SnapshotMetrics(metrics, clock);
            new CheckMetrics(metrics, clock);
            new RollbackMetrics(metrics);
            new MigrationMetrics(metrics);
            new DrillMetrics(metrics);
            metrics.servers(List.of()); // the connections per server, registered at start-up
            new Alerts(config.alerting(), state, metrics, clock);
            return WardenMetricNames.registeredIn(metrics.registry());
        } catch (Exception e) {
            throw new AssertionError("cannot open the state store: " + e.getMessage(), e);
        } finally {
            try {
                state.close().eventually(vertx::close).await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Closing is best effort: the names are already known.
            }
        }
    }

    private static String get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static int post(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
