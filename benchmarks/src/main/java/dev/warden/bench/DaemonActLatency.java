package dev.warden.bench;

import static org.awaitility.Awaitility.await;

import dev.warden.config.ConfigLoader;
import dev.warden.daemon.Warden;
import dev.warden.testing.PgAddress;
import dev.warden.testing.Sql;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * The same latency through a running daemon: {@link Warden#start} in-process, one target whose
 * {@code row_count_drift} runs every second on a critical table, and a decision matrix that answers
 * data_corruption/critical with read_only in auto mode. Once the check has run, 40% of the table is
 * deleted; the next run breaches, and the judge, the decision store and the rollback engine take it
 * from there. Times come from the state database: the decision's {@code first_breach_at} (the
 * breach's {@code at}) and the first step's journaled {@code started}; the DELETE's commit is timed
 * by the benchmark, on the same clock. Each run starts a new Warden with a new target name (a target's
 * second rollback within 30 minutes is taken as the same incident) and is stopped once its rollback
 * has ended; the table and its read-only setting are restored between runs (untimed).
 */
final class DaemonActLatency {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ROWS = "TRUNCATE app.orders; INSERT INTO app.orders SELECT g, 'order ' || g"
            + " FROM generate_series(1, 1000) g";

    /** Per run: breach -> first step started, DELETE -> breach, DELETE -> first step, breach -> rollback finished. */
    record Result(Timings breachToFirstStep, Timings deleteToBreach, Timings deleteToFirstStep, Timings breachToFinished) {
        Result() {
            this(new Timings(), new Timings(), new Timings(), new Timings());
        }
    }

    private final Clock clock = Clock.systemUTC();
    private final PgAddress target;
    private final PgAddress stateAddress;
    private final Sql state;
    private final Sql act;
    private final Sql admin;
    private final Path home;
    private final Scraper http = new Scraper();

    private DaemonActLatency(PgAddress target, PgAddress state, Path home) {
        this.target = target;
        this.stateAddress = state;
        this.state = new Sql(state);
        this.act = new Sql(target);
        this.admin = new Sql(target.withDatabase("postgres"));
        this.home = home;
    }

    /** Creates the critical table in {@code target} (an existing database); Warden creates {@code state}'s database. */
    static Result measure(PgAddress target, PgAddress state, Path home, int warmups, int runs) throws Exception {
        new Sql(target).execute("CREATE SCHEMA app; CREATE TABLE app.orders (id bigint PRIMARY KEY, note text NOT NULL)");
        DaemonActLatency latency = new DaemonActLatency(target, state, home);
        Result result = new Result();
        for (int run = 0; run < warmups + runs; run++) {
            Run once = latency.once("daemon_" + run);
            if (run >= warmups) {
                result.breachToFirstStep().add(ActLatency.nanos(once.breachAt(), once.journaled().firstStepStarted()));
                result.deleteToBreach().add(ActLatency.nanos(once.deletedAt(), once.breachAt()));
                result.deleteToFirstStep().add(ActLatency.nanos(once.deletedAt(), once.journaled().firstStepStarted()));
                result.breachToFinished().add(ActLatency.nanos(once.breachAt(), once.journaled().finishedAt()));
            }
            System.out.printf("daemon run %d: DELETE -> breach %.0f ms, breach -> first step started %.0f ms%n", run + 1,
                    Duration.between(once.deletedAt(), once.breachAt()).toNanos() / 1e6,
                    Duration.between(once.breachAt(), once.journaled().firstStepStarted()).toNanos() / 1e6);
        }
        return result;
    }

    private Run once(String name) throws Exception {
        admin.execute("ALTER DATABASE " + target.database() + " RESET default_transaction_read_only");
        act.execute(ROWS);
        Warden warden = Warden.start(ConfigLoader.parse(config(name), "rollback benchmark", Map.of()), clock);
        try {
            URI checks = URI.create(warden.baseUrl() + "/api/targets/" + name + "/checks");
            // The check must have counted once: its next run compares with that count.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
                Scraper.Scrape got = http.get(checks);
                return got.status() == 200 && new String(got.body()).contains("\"check\":\"row_count_drift\"");
            });
            act.execute("DELETE FROM app.orders WHERE id <= 400");
            Instant deleted = clock.instant();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                    .until(() -> JournalTimes.ofTarget(state, name).map(j -> j.finishedAt() != null).orElse(false));
            JournalTimes journaled = JournalTimes.ofTarget(state, name).orElseThrow();
            if (!"succeeded".equals(journaled.status())) {
                throw new IllegalStateException("rollback " + journaled.id() + " of " + name + " ended " + journaled.status());
            }
            return new Run(deleted, firstBreachAt(name), journaled);
        } finally {
            warden.stop();
        }
    }

    private String config(String name) {
        return """
                server: {host: 127.0.0.1, port: 0, data_dir: "%s"}
                state: {url: "%s"}
                decision_matrix:
                  - {issue: data_corruption, severity: critical, strategy: read_only, time_budget: 15m, mode: auto}
                targets:
                  - name: %s
                    url: "%s"
                    critical_tables: [app.orders]
                    snapshots: {schedule: "off"}
                    checks: {row_count_drift: {schedule: 1s, timeout: 1s}, corruption: {enabled: false}}
                """.formatted(home, stateAddress.uri(), name, target.uri());
    }

    private Instant firstBreachAt(String name) throws SQLException {
        try (Connection c = state.connect();
             PreparedStatement query = c.prepareStatement("SELECT first_breach_at FROM warden.decisions WHERE target = ?")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no decision for target " + name);
                }
                return row.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    private record Run(Instant deletedAt, Instant breachAt, JournalTimes journaled) {
    }
}
