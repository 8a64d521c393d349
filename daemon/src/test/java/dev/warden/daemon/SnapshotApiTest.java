package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.ConfigLoader;
import dev.warden.daemon.cli.Main;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
/** Snapshots through the API and the CLI, on a real target with clone backups. */
@ExtendWith(PostgresExtension.class)
class SnapshotApiTest {
    private static TestDatabase target;
    private static Warden warden;

    @BeforeAll
    static void start(TestDatabase database) {
        target = database;
        target.sql().execute("""
                CREATE TABLE customers (id int PRIMARY KEY, email varchar(20));
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, status varchar(20));
                INSERT INTO customers SELECT i, 'c' || i FROM generate_series(1, 100) i;
                INSERT INTO orders SELECT i, 1 + i % 100, 'placed' FROM generate_series(1, 300) i""");
        warden = Warden.start(ConfigLoader.parse("""
                server: {port: 0}
                state: {url: "%s"}
                targets:
                  - name: shop
                    url: "%s"
                    critical_tables: [customers, orders]
                    snapshots: {schedule: "off", backup: clone, keep_last: 3}
                """.formatted(target.address().withDatabase(target.name() + "_state").uri(), target.uri()), "test",
                Map.of()), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        warden.stop();
        Sql admin = new Sql(target.server().admin());
        admin.queryColumn("SELECT datname FROM pg_database WHERE datname LIKE '" + target.name() + "\\_\\_warden\\_%'")
                .forEach(name -> admin.execute("DROP DATABASE \"" + name + "\" WITH (FORCE)"));
        admin.execute("DROP DATABASE IF EXISTS \"" + target.name() + "_state\" WITH (FORCE)");
    }

    @Test
    void shouldTakeSnapshotsWithVerifiedClonesAndDiffThem() throws Exception {
        JsonObject first = post("manual");
        assertThat(first.getJsonObject("backup").getBoolean("verified")).isTrue();
        String clone = first.getJsonObject("backup").getString("location");
        assertThat(clone).startsWith(target.name() + "__warden_");
        assertThat(new Sql(target.address().withDatabase(clone)).queryLong("SELECT count(*) FROM orders")).isEqualTo(300);

        target.sql().execute("""
                ALTER TABLE customers ALTER COLUMN email TYPE varchar(50);
                CREATE INDEX orders_status_idx ON orders (status)""");
        JsonObject second = post("pre-migration");

        JsonArray changes = get("/api/targets/shop/snapshots/diff?from=" + first.getLong("id") + "&to="
                + second.getLong("id")).getJsonArray("changes");
        assertThat(changes.stream().map(c -> ((JsonObject) c).getString("change") + " " + ((JsonObject) c).getString("name")))
                .containsExactlyInAnyOrder("changed public.customers", "added public.orders_status_idx");
        assertThat(changes.encode()).contains("character varying(20) -> character varying(50)");

        JsonObject stored = get("/api/targets/shop/snapshots/" + second.getLong("id"));
        assertThat(stored.getString("reason")).isEqualTo("pre-migration");
        assertThat(stored.getJsonObject("row_counts").encode()).contains("\"exactRows\":300");

        JsonObject ready = new JsonObject(HttpProbe.get(warden.baseUrl() + "/health/ready").body());
        JsonObject restorePoint = ready.getJsonArray("targets").getJsonObject(0).getJsonObject("restore_point");
        assertThat(restorePoint.getString("kind")).isEqualTo("clone");
        assertThat(restorePoint.getLong("snapshot")).isEqualTo(second.getLong("id"));

        JsonObject restore = get("/api/targets/shop").getJsonObject("restore");
        String kind = "clone".equals(restore.getString("file_copy_method")) ? "reflink_clone" : "block_copy";
        assertThat(restore.getString("kind")).as("issue 13: %s", restore).isEqualTo(kind);
        assertThat(restore.getString("backup_kind")).isEqualTo("clone");
        assertThat(restore.getString("server_version")).isEqualTo(ready.getJsonArray("targets").getJsonObject(0)
                .getString("server_version"));
        JsonObject lastClone = restore.getJsonObject("last_clone");
        assertThat(lastClone.getString("backup")).isEqualTo(second.getJsonObject("backup").getString("location"));
        assertThat(lastClone.getString("restore_kind")).isEqualTo(kind);
        assertThat(lastClone.getLong("door_shut_ms")).isNotNegative().isLessThanOrEqualTo(lastClone.getLong("clone_ms") + 1000);
        assertThat(get("/api/targets").getJsonArray("targets").getJsonObject(0).getJsonObject("restore")).isEqualTo(restore);

        String metrics = HttpProbe.get(warden.baseUrl() + "/metrics").body();
        assertThat(MetricsText.value(metrics, "warden_backup_door_shut_seconds{restore_kind=\"" + kind + "\",target=\"shop\"}"))
                .hasValue(lastClone.getLong("door_shut_ms") / 1000.0);
        assertThat(MetricsText.value(metrics, "warden_table_rows{relname=\"orders\",schemaname=\"public\",target=\"shop\"}"))
                .hasValue(300.0);
        assertThat(MetricsText.value(metrics, "warden_snapshot_last_success_timestamp_seconds{target=\"shop\"}")).isPresent();
        assertThat(MetricsText.value(metrics, "warden_backup_age_seconds{target=\"shop\"}")).isPresent();
        assertThat(MetricsText.value(metrics, "warden_migration_failed{target=\"shop\"}")).hasValue(0.0);
        assertThat(Promtool.checkMetrics(metrics)).as("promtool check metrics on a live /metrics").isEmpty();
    }

    @Test
    void shouldSkipACriticalTableUnderAnAlterTableLockWithoutWaiting() throws Exception {
        try (Connection migration = target.sql().connect(); Statement ddl = migration.createStatement()) {
            migration.setAutoCommit(false);
            ddl.execute("ALTER TABLE orders ADD COLUMN note text");
            long started = System.nanoTime();
            JsonObject snapshot = post("manual");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(snapshot.getJsonArray("notes").encode()).contains("public.orders skipped_locked")
                    .contains("clone backup deferred: a migration holds locks");
            assertThat(snapshot.getJsonObject("backup")).isNull();
            // The migration's session survived: a clone now would have terminated it.
            assertThat(migration.isValid(2)).isTrue();
            assertThat(target.sql().queryLong("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                    + " WHERE a.application_name = 'warden' AND NOT l.granted")).isZero();
            migration.rollback();
        }
    }

    @Test
    void shouldKeepOnlyTheConfiguredNumberAndTheirClones() {
        for (int i = 0; i < 4; i++) {
            post("manual");
        }
        JsonArray snapshots = get("/api/targets/shop/snapshots").getJsonArray("snapshots");
        assertThat(snapshots).hasSize(3);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(new Sql(target.server().admin())
                .queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE '" + target.name() + "\\_\\_warden\\_%'"))
                .isEqualTo(3));
    }

    @Test
    void shouldAnswerMistakesClearly() {
        assertThat(HttpProbe.get(warden.baseUrl() + "/api/targets/nope/snapshots").status()).isEqualTo(404);
        assertThat(HttpProbe.get(warden.baseUrl() + "/api/targets/nope").body()).isEqualTo("{\"error\":\"no target named \\\"nope\\\"\"}");
        assertThat(HttpProbe.get(warden.baseUrl() + "/api/targets/shop/snapshots/999999").status()).isEqualTo(404);
        assertThat(HttpProbe.get(warden.baseUrl() + "/api/targets/shop/snapshots/diff?from=1").status()).isEqualTo(400);
    }

    @Test
    void shouldTakeAndListThroughTheCli() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(Main.run(new String[] {"snapshot", "create", "--target", "shop", "--url", warden.baseUrl()},
                Map.of(), stdout, stderr)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("snapshot \\d+ of shop \\(manual\\) taken in \\d+ ms")
                .contains("clone backup").contains("(verified)")
                .containsPattern("; restore kind (block_copy|reflink_clone), sessions kept out \\d+ ms");

        out.reset();
        assertThat(Main.run(new String[] {"snapshot", "list", "--target", "shop", "--url", warden.baseUrl()},
                Map.of(), stdout, stderr)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("TAKEN AT").contains("manual");

        assertThat(Main.run(new String[] {"snapshot", "create", "--target", "nope", "--url", warden.baseUrl()},
                Map.of(), stdout, stderr)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no target named \"nope\"");
    }

    /** Issue 15: a snapshot takes a label of the asker's own beside its reason. */
    @Test
    void shouldKeepTheAskersLabelBesideTheReason() {
        CliRun cli = new CliRun();
        assertThat(cli.run("snapshot", "create", "--target", "shop", "--label", "OPS-1234 before the purge", "--url",
                warden.baseUrl())).as(cli.stderr()).isZero();
        assertThat(cli.stdout()).containsPattern("snapshot (\\d+) of shop \\(manual: OPS-1234 before the purge\\)");
        long id = Long.parseLong(cli.stdout().replaceAll("(?s)^snapshot (\\d+) .*", "$1"));

        assertThat(get("/api/targets/shop/snapshots/" + id).getString("label")).isEqualTo("OPS-1234 before the purge");
        assertThat(cli.run("snapshot", "list", "--target", "shop", "--url", warden.baseUrl())).isZero();
        assertThat(cli.stdout()).containsPattern(id + " .* manual: OPS-1234 before the purge ");

        for (String bad : List.of("", "two\nlines", "x".repeat(201))) {
            HttpProbe.Response refused = HttpProbe.post(warden.baseUrl() + "/api/targets/shop/snapshots",
                    new JsonObject().put("label", bad).encode());
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.body()).contains("label: expected text of 1 to 200 characters without control characters");
        }
    }

    /** Issue 15: long work shows its progress on a terminal, and nothing of it anywhere else. */
    @Test
    void shouldShowProgressOnATerminalOnly() throws Exception {
        List<String> create = WardenProcess.command("snapshot", "create", "--target", "shop", "--url", warden.baseUrl());

        String onTerminal = Terminal.run(create);
        assertThat(onTerminal).contains("\r[warden] taking a snapshot of shop... 0s")
                .containsPattern("\\r\\u001b\\[Ksnapshot \\d+ of shop \\(manual\\) taken in \\d+ ms");

        Process piped = new ProcessBuilder(create).redirectErrorStream(true).start();
        String notOnTerminal = new String(piped.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(piped.waitFor()).as(notOnTerminal).isZero();
        assertThat(notOnTerminal).containsPattern("snapshot \\d+ of shop \\(manual\\) taken in \\d+ ms")
                .doesNotContain("[warden]").doesNotContain("\r");
    }

    private static JsonObject post(String reason) {
        HttpProbe.Response response = HttpProbe.post(warden.baseUrl() + "/api/targets/shop/snapshots",
                new JsonObject().put("reason", reason).encode());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return new JsonObject(response.body());
    }

    private static JsonObject get(String path) {
        HttpProbe.Response response = HttpProbe.get(warden.baseUrl() + path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

}
