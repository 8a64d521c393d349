package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.RestorePointBackup;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.RollbackRequest;
import dev.warden.rollback.engine.StepContext;
import dev.warden.rollback.external.CommandSettings;
import dev.warden.rollback.swap.ClusterRestore;
import dev.warden.rollback.swap.ClusterRestoreStep;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 13: a named restore point for real. A cluster archives its WAL into a pgBackRest repository;
 * {@code warden migrate} takes a restore point confirmed archived, the migration destroys 900 of 1000
 * rows and fails, and the decided branch_swap restores the whole cluster to Warden's point through
 * the restore_command (pgBackRest {@code --type=name}), after keeping the present state as a second
 * point. Warden's state lives on another server: a cluster restore would rewind it too.
 */
@ExtendWith(PostgresExtension.class)
class RestorePointMigrateTest extends MigrateHarness {
    private static final Logger log = LoggerFactory.getLogger(RestorePointMigrateTest.class);
    private static final Pattern RESTORED = Pattern.compile("restored the cluster to restore_point backup (\\S+) \\(LSN"
            + " ([0-9A-F/]+)\\) through restore_command in ([0-9]+) ms; the target answered out of recovery after ([0-9]+) ms");

    @Test
    void shouldBringEveryRowBackByRestoringTheClusterToWardensRestorePoint(TestDatabase state) throws Exception {
        PgBackRestCluster cluster = PgBackRestCluster.start();
        server = cluster.server();
        new Sql(server.address("postgres")).execute("CREATE DATABASE shop");
        shop = new Sql(server.address("shop"));
        shop.execute("CREATE TABLE orders (id int PRIMARY KEY, note text);"
                + " INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 1000) g");
        cluster.fullBackup();
        startWith(config(state, cluster.restoreCommand()));

        Run run = cli("migrate", "--target", "shop", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-c", "DELETE FROM orders WHERE id > 100", "-c", "SELECT 1/0");

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).containsPattern("restore point: snapshot [0-9]+ \\(restore_point shop__warden_[0-9TZ]+"
                + " at LSN [0-9A-F/]+, archived at .+\\)");
        JsonObject report = get("/api/migrations/" + run.id());
        JsonObject point = report.getJsonObject("restore_point");
        assertThat(point.getString("kind")).isEqualTo("restore_point");
        assertThat(point.getBoolean("verified")).isTrue();
        assertThat(point.getString("archived_at")).isNotBlank();
        assertThat(report.getJsonObject("decision").getString("strategy")).isEqualTo("branch_swap");
        JsonObject rollback = report.getJsonObject("rollback");
        assertThat(rollback.getString("status")).as(report.encodePrettily()).isEqualTo("succeeded");
        assertThat(new Sql(server.address("shop")).queryLong("SELECT count(*) FROM orders")).isEqualTo(1000);
        assertThat(new Sql(server.address("shop")).queryColumn("SELECT note FROM orders WHERE id = 1000"))
                .containsExactly("order 1000");

        JsonObject done = get("/api/rollbacks/" + rollback.getString("id"));
        String evidence = done.getJsonArray("evidence").encode();
        assertThat(evidence).contains("took restore_point backup shop__warden_").contains("_pre_rollback at ")
                .contains("verified: public.orders 1000 = 1000 in backup");
        assertThat(done.getJsonObject("impact").getJsonArray("notes").getString(0))
                .startsWith("restore kind: the whole cluster " + server.address("shop").host() + ":" + server.port()
                        + " restored in place by snapshots.restore_command to restore_point backup "
                        + point.getString("name") + " (LSN " + point.getString("lsn") + ", timeline 1)");
        Matcher restored = RESTORED.matcher(evidence);
        assertThat(restored.find()).as(evidence).isTrue();
        assertThat(restored.group(1)).isEqualTo(point.getString("name"));
        assertThat(restored.group(2)).isEqualTo(point.getString("lsn"));
        log.info("pgBackRest restore of the cluster to Warden's restore point: restore_command {} ms, target answering"
                + " out of recovery after {} ms", restored.group(3), restored.group(4));
        System.out.println("RESTORE_POINT_RESTORE_MS command=" + restored.group(3) + " answering=" + restored.group(4));
        done.getJsonArray("evidence").stream().map(String::valueOf).filter(line -> line.contains(" succeeded in "))
                .forEach(line -> System.out.println("RESTORE_POINT_STEP " + line));

        assertRestoreSeenDoneOnlyPastThePinnedTimeline(cluster, point);
    }

    /** What a resumed rollback asks the step: the promotion put the server on timeline 2. */
    private void assertRestoreSeenDoneOnlyPastThePinnedTimeline(PgBackRestCluster cluster, JsonObject point) {
        Vertx vertx = Vertx.vertx();
        try {
            Backup backup = new Backup(point.getString("name"), "restore_point", point.getString("name"), -1, Instant.now(),
                    null, true, Map.of(), Map.of("lsn", point.getString("lsn")));
            ClusterRestoreStep step = new ClusterRestoreStep(new ClusterRestore(CommandSettings.of(cluster.restoreCommand()),
                    new RestorePointBackup(vertx, Clock.systemUTC(), Duration.ofSeconds(60))), backup);
            for (Map.Entry<String, Boolean> pinned : Map.of("1", true, "2", false).entrySet()) {
                RollbackRequest request = new RollbackRequest("shop", server.address("shop").connectOptions(), null, backup,
                        RollbackOptions.defaults().withPinned(Map.of(ClusterRestoreStep.PIN_TIMELINE, pinned.getKey())),
                        Instant.now());
                assertThat(step.done(StepContext.of(vertx, Clock.systemUTC(), "resumed", request, 0)).await())
                        .as("restored, when planned on timeline %s", pinned.getKey()).isEqualTo(pinned.getValue());
            }
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void shouldRefuseTheMigrationWithoutAnArchivedRestorePointAndRunItWhenForced(TestDatabase state) throws Exception {
        server = EmbeddedServer.start(PostgresServer.workDirectory().resolve("no-archiving-" + System.nanoTime()),
                EmbeddedServer.CLASSPATH_MAJOR);
        new Sql(server.address("postgres")).execute("CREATE DATABASE shop");
        shop = new Sql(server.address("shop"));
        shop.execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 10)");
        // A state store of its own: the other test's incident and baselines for "shop" must not be this one's.
        startWith(config(state.server().createDatabase("rp_refusal_state_" + ProcessHandle.current().pid()),
                List.of("false")));

        Run refused = cli("migrate", "--target", "shop", "--", "psql", "-X", "-q", "-c", "CREATE TABLE added (id int)");

        assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("no_restore_point: the pre-migration snapshot ")
                .contains("has no verified restore_point backup: restore_point backup failed: cannot create a restore point"
                        + " of shop: archive_mode is off: a restore point needs continuous archiving");
        assertThat(shop.queryColumn("SELECT to_regclass('public.added') IS NULL")).as("the command never ran")
                .containsExactly("t");

        Run forced = cli("migrate", "--target", "shop", "--force", "--", "psql", "-X", "-q", "-c",
                "CREATE TABLE added (id int)");

        assertThat(forced.exit()).as(forced.output()).isZero();
        assertThat(get("/api/migrations/" + forced.id()).getJsonArray("timeline").encode())
                .contains("forced past no_restore_point: the pre-migration snapshot ");
        assertThat(shop.queryColumn("SELECT to_regclass('public.added') IS NOT NULL")).containsExactly("t");
    }

    private String config(TestDatabase state, List<String> restoreCommand) {
        return """
                server: {port: 0, token: %s}
                state: {url: "%s"}
                targets:
                  - name: shop
                    url: "%s"
                    critical_tables: [orders]
                    heartbeat_interval: 500ms
                    snapshots: {schedule: "off", backup: restore_point, archive_timeout: 60s, restore_command: %s}
                    checks: {corruption: {enabled: false}}
                # full_rollback restores beside a read-only target (clone or dump); a cluster restore is branch_swap's
                decision_matrix:
                  - {issue: data_corruption, severity: critical, strategy: branch_swap, time_budget: 15m}
                """.formatted(TOKEN, state.address().uri(), server.address("shop").uri(),
                new JsonArray(restoreCommand).encode());
    }
}
