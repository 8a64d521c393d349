package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.ConfigLoader;
import dev.warden.testing.PgAddress;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14: Warden's connections to one server stay within {@code connection.server_connections}, however
 * many targets it has there, and every target's checks still complete. Counted by the server itself:
 * pg_stat_activity rows of the role the targets connect as (the state store connects as another).
 */
@ExtendWith(PostgresExtension.class)
class ServerTurnsTest {
    private static final int TARGETS = 6;
    private static final int LIMIT = 4;
    private static final String ROLE = "warden_turns_" + ProcessHandle.current().pid();
    private static final List<String> CHECKS = List.of("lock_waits", "migration_duration", "invalid_indexes");

    @Test
    @Timeout(420)
    void shouldHoldAtMostTheServerBoundWhileEveryTargetsChecksComplete(TestDatabase state) throws Exception {
        Sql admin = new Sql(state.server().admin());
        admin.execute("CREATE ROLE " + ROLE + " LOGIN; GRANT pg_monitor TO " + ROLE);
        List<TestDatabase> databases = new ArrayList<>();
        for (int i = 0; i < TARGETS; i++) {
            databases.add(state.server().createDatabase("turns"));
        }
        AtomicLong most = new AtomicLong();
        AtomicReference<String> seenAtMost = new AtomicReference<>();
        AtomicReference<Exception> samplerFailed = new AtomicReference<>();
        Thread sampler = new Thread(() -> sample(admin, most, seenAtMost, samplerFailed), "sessions-sampler");
        Warden warden = null;
        try {
            sampler.start();
            warden = Warden.start(ConfigLoader.parse(config(state, databases), "test", Map.of()), Clock.systemUTC());
            Warden started = warden;

            // Every target's checks pass, twice each, while the sampler watches the server (generous: the
            // machine may be shared and loaded).
            await().atMost(Duration.ofMinutes(5)).until(() -> okRuns(started) >= 2);
            assertThat(samplerFailed.get()).isNull();
            assertThat(most.get()).as("the role's sessions the server showed at once (6 targets x 2 would be 12): "
                            + seenAtMost.get())
                    .isBetween(2L, (long) LIMIT);
            String metrics = HttpProbe.get(warden.baseUrl() + "/metrics").body();
            String server = state.address().host() + ":" + state.address().port();
            assertThat(MetricsText.value(metrics, "warden_server_connections_limit{server=\"" + server + "\"}"))
                    .hasValue((double) LIMIT);
            assertThat(MetricsText.value(metrics, "warden_server_connections{server=\"" + server + "\"}")).isPresent();
            assertThat(Promtool.checkMetrics(metrics)).isEmpty();
            for (int i = 0; i < TARGETS; i++) {
                // A heartbeat without a turn is skipped, never taken for a target gone.
                assertThat(MetricsText.value(metrics, "warden_target_up{target=\"t" + i + "\"}")).hasValue(1.0);
            }
            JsonObject listed = new JsonObject(HttpProbe.get(warden.baseUrl() + "/api/targets").body())
                    .getJsonArray("targets").getJsonObject(0).getJsonObject("server");
            assertThat(listed.getString("address")).isEqualTo(server);
            assertThat(listed.getInteger("connections_limit")).isEqualTo(LIMIT);
            assertThat(listed.getInteger("connections")).isBetween(0, LIMIT);
        } finally {
            sampler.interrupt();
            sampler.join(10_000);
            if (warden != null) {
                warden.stop();
            }
            assertThat(most.get()).as("the bound held until the end: " + seenAtMost.get()).isLessThanOrEqualTo(LIMIT);
            admin.execute("DROP DATABASE IF EXISTS \"" + state.name() + "_state\" WITH (FORCE)");
            for (TestDatabase database : databases) {
                admin.execute("DROP DATABASE IF EXISTS \"" + database.name() + "\" WITH (FORCE)");
            }
            admin.execute("DROP ROLE IF EXISTS " + ROLE);
        }
    }

    private static String config(TestDatabase state, List<TestDatabase> databases) {
        StringBuilder yaml = new StringBuilder("""
                server: {port: 0}
                state: {url: "%s"}
                targets:
                """.formatted(state.address().withDatabase(state.name() + "_state").uri()));
        for (int i = 0; i < databases.size(); i++) {
            PgAddress address = databases.get(i).address();
            yaml.append("""
                      - name: t%d
                        url: "%s"
                        heartbeat_interval: 1s
                        connection: {server_connections: %d}
                        snapshots: {schedule: "off"}
                        checks:
                          lock_waits: {schedule: 2s, timeout: 2s}
                          migration_duration: {schedule: 2s, timeout: 2s}
                          invalid_indexes: {schedule: 2s, timeout: 2s}
                          row_count_drift: {enabled: false}
                          schema_drift: {enabled: false}
                          corruption: {enabled: false}
                          not_valid_constraints: {enabled: false}
                          lagging_sequences: {enabled: false}
                    """.formatted(i, new PgAddress(address.host(), address.port(), ROLE, "", address.database()).uri(),
                    LIMIT));
        }
        return yaml.toString();
    }

    /** The fewest passing runs of any check of any target. */
    private static double okRuns(Warden warden) {
        String metrics = HttpProbe.get(warden.baseUrl() + "/metrics").body();
        double fewest = Double.MAX_VALUE;
        for (int i = 0; i < TARGETS; i++) {
            for (String check : CHECKS) {
                fewest = Math.min(fewest, MetricsText.value(metrics, "warden_check_runs_total{check=\"" + check
                        + "\",result=\"ok\",target=\"t" + i + "\"}").orElse(0));
            }
        }
        return fewest;
    }

    /** Counts the role's sessions every 5 ms or so on one session of its own, until interrupted. */
    private static void sample(Sql admin, AtomicLong most, AtomicReference<String> seenAtMost,
                               AtomicReference<Exception> failed) {
        try (Connection session = admin.connect(); Statement statement = session.createStatement()) {
            while (!Thread.currentThread().isInterrupted()) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*), string_agg(datname || ' '"
                        + " || application_name || ' ' || state, ', ') FROM pg_stat_activity WHERE usename = '" + ROLE + "'")) {
                    rows.next();
                    if (rows.getLong(1) > most.get()) {
                        most.set(rows.getLong(1));
                        seenAtMost.set(rows.getString(2));
                    }
                }
                Thread.sleep(5); // pacing the samples, not waiting for a condition
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failed.set(e);
        }
    }
}
