package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One run of an automatic rollback against a real Warden process: a fresh database whose critical
 * table {@code orders} holds {@code rows} rows, a state database of its own, a decision matrix that
 * answers a row-count drop with {@code strategy} in auto mode, and a snapshot with a clone backup.
 * For {@code down_migration} the rows go by a golang-migrate migration that archives them, whose
 * down file puts them back; for the swaps, by a plain DELETE. Waits bound to 90 s: these runs share
 * a small machine with other builds.
 */
final class DecidedRollbackScene {
    private static final Duration BOUND = Duration.ofSeconds(90);
    private static final Set<String> ENDED = Set.of("succeeded", "partial", "failed", "needs_attention");

    static final String DOWN_MIGRATION = "down_migration";

    private final Path work;
    private final String strategy;
    private final String database;
    private final int rows;
    private final Sql admin;
    private final Sql target;
    private final Sql state;
    private final Path config;
    private final String base;
    private int processes;

    private DecidedRollbackScene(Path work, String strategy, String database, int rows, Sql admin, Sql target, Sql state,
                                 Path config, String base) {
        this.work = work;
        this.strategy = strategy;
        this.database = database;
        this.rows = rows;
        this.admin = admin;
        this.target = target;
        this.state = state;
        this.config = config;
        this.base = base;
    }

    static DecidedRollbackScene create(EmbeddedServer server, Path work, String database, String strategy, int rows)
            throws Exception {
        Sql admin = new Sql(server.address("postgres"));
        admin.execute("CREATE DATABASE " + database);
        Sql target = new Sql(server.address(database));
        target.execute("CREATE TABLE orders (id int PRIMARY KEY, note text);"
                + " INSERT INTO orders SELECT i, md5(i::text) FROM generate_series(1, " + rows + ") i");
        String rollback = "{}";
        if (strategy.equals(DOWN_MIGRATION)) {
            Path migrations = migrations(work.resolve(database + "-migrations"), rows);
            target.execute("CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);"
                    + " INSERT INTO schema_migrations VALUES (1, false)");
            rollback = "{down_migration: {tool: golang_migrate, directory: \"" + migrations + "\"}}";
        }
        int port = WardenProcess.freePort();
        String stateDatabase = database + "_state";
        Path config = Files.writeString(Files.createDirectories(work).resolve(database + ".yaml"), """
                server: {port: %d}
                state: {url: "%s"}
                decision_matrix:
                  - {issue: data_corruption, severity: critical, strategy: %s, time_budget: 15m, mode: auto, breaches_in_a_row: 1}
                targets:
                  - name: shop
                    url: "%s"
                    critical_tables: [orders]
                    heartbeat_interval: 500ms
                    snapshots: {schedule: "off", backup: clone}
                    rollback: %s
                    checks:
                      row_count_drift: {schedule: 1s, timeout: 1s}
                      schema_drift: {enabled: false}
                      lock_waits: {enabled: false}
                      migration_duration: {enabled: false}
                      corruption: {enabled: false}
                """.formatted(port, server.address(stateDatabase).uri(), strategy, server.address(database).uri(),
                rollback));
        return new DecidedRollbackScene(work, strategy, database, rows, admin, target,
                new Sql(server.address(stateDatabase)), config, "http://127.0.0.1:" + port);
    }

    /** Version 1 made orders; version 2 archives the oldest 40% of it, and its down file brings them back. */
    private static Path migrations(Path directory, int rows) throws Exception {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("1_orders.up.sql"), "CREATE TABLE orders (id int PRIMARY KEY, note text);");
        Files.writeString(directory.resolve("1_orders.down.sql"), "DROP TABLE orders;");
        Files.writeString(directory.resolve("2_archive_orders.up.sql"), "CREATE TABLE orders_archive AS SELECT * FROM"
                + " orders WHERE id <= " + rows * 2 / 5 + ";\nDELETE FROM orders WHERE id <= " + rows * 2 / 5 + ";\n");
        Files.writeString(directory.resolve("2_archive_orders.down.sql"), "INSERT INTO orders SELECT * FROM"
                + " orders_archive;\nDROP TABLE orders_archive;\n");
        return directory;
    }

    /** Starts a Warden process on this scene, ready to answer. */
    WardenProcess startWarden() {
        return startWarden(Map.of());
    }

    /** Starts a Warden process with {@code env} (a failpoint) on this scene, ready to answer. */
    WardenProcess startWarden(Map<String, String> env) {
        WardenProcess warden = WardenProcess.start(work.resolve(database + "-" + (++processes) + ".log"), env,
                "run", "--config", config.toString());
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .failFast(() -> assertThat(warden.isAlive()).as("Warden exited:\n" + warden.output()).isTrue())
                .untilAsserted(() -> assertThat(HttpProbe.get(base + "/health/ready").status()).isEqualTo(200));
        return warden;
    }

    /**
     * Starts a cluster node (issue 16) named {@code node} on this scene, its HTTP server on {@code httpPort},
     * its cluster port {@code memberPorts.get(index)} among {@code memberPorts}; returns once it is ready.
     */
    WardenProcess startNode(String node, int httpPort, List<Integer> memberPorts, int index, Map<String, String> env)
            throws Exception {
        String members = memberPorts.stream().map(p -> "\"127.0.0.1:" + p + "\"").collect(Collectors.joining(", "));
        Path nodeConfig = Files.writeString(work.resolve(database + "-" + node + ".yaml"), Files.readString(config)
                .replaceFirst("server: \\{port: \\d+}", "server: {port: " + httpPort + "}")
                + "cluster: {enabled: true, node_name: " + node + ", port: " + memberPorts.get(index)
                + ", members: [" + members + "]}\n");
        WardenProcess warden = WardenProcess.start(work.resolve(database + "-" + node + "-" + (++processes) + ".log"),
                env, "run", "--config", nodeConfig.toString());
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .failFast(() -> assertThat(warden.isAlive()).as("Warden exited:\n" + warden.output()).isTrue())
                .untilAsserted(() -> assertThat(HttpProbe.get("http://127.0.0.1:" + httpPort + "/health/ready").status())
                        .isEqualTo(200));
        return warden;
    }

    /** A snapshot with a clone backup: the restore point. */
    void snapshot(WardenProcess warden) {
        snapshot(warden, base);
    }

    /** A snapshot with a clone backup taken by the Warden answering at {@code base}. */
    void snapshot(WardenProcess warden, String base) {
        HttpProbe.Response taken = HttpProbe.post(base + "/api/targets/shop/snapshots", "{}");
        assertThat(taken.status()).as(taken.body() + "\n" + warden.output()).isEqualTo(201);
    }

    /** The damage the decision answers: 40% of the critical table gone, by a migration or a DELETE. */
    void deleteRows() throws Exception {
        if (strategy.equals(DOWN_MIGRATION)) {
            target.execute("BEGIN; " + Files.readString(work.resolve(database + "-migrations")
                    .resolve("2_archive_orders.up.sql")) + " UPDATE schema_migrations SET version = 2; COMMIT");
        } else {
            target.execute("DELETE FROM orders WHERE id <= " + rows * 2 / 5);
        }
    }

    /** Waits for the decision's log line: the earliest sign of it, before it is even stored. */
    void awaitDecision(WardenProcess warden) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            assertThat(warden.isAlive()).as(warden.output()).isTrue();
            assertThat(warden.output()).contains("Decision ").contains(" for shop in incident ");
        });
    }

    /** Waits for the target's rollback to end, and answers it (the journal's view, through the API). */
    JsonObject awaitRollbackEnded(WardenProcess warden) {
        return awaitRollbackEnded(warden, base);
    }

    /** Like {@link #awaitRollbackEnded(WardenProcess)}, asking the Warden answering at {@code base}. */
    JsonObject awaitRollbackEnded(WardenProcess warden, String base) {
        return await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(warden.isAlive()).as(warden.output()).isTrue();
            JsonArray rollbacks = new JsonObject(HttpProbe.get(base + "/api/rollbacks").body()).getJsonArray("rollbacks");
            if (rollbacks.isEmpty()) {
                return null;
            }
            JsonObject one = new JsonObject(HttpProbe.get(base + "/api/rollbacks/"
                    + rollbacks.getJsonObject(0).getString("id")).body());
            return ENDED.contains(one.getString("status")) ? one : null;
        }, Objects::nonNull);
    }

    /** Every decision has said what became of it (none left pending). */
    void awaitDecisionsSettled(WardenProcess warden) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(state.queryLong(
                "SELECT count(*) FROM warden.decisions WHERE outcome = 'pending'")).as(warden.output()).isZero());
    }

    /** Everything a rollback that survived its process's deaths must leave behind. */
    void assertRestored(JsonObject rollback, String output) {
        String id = rollback.getString("id");
        assertThat(rollback.getString("status")).as(rollback.encodePrettily() + "\n" + output).isEqualTo("succeeded");
        assertThat(target.queryLong("SELECT count(*) FROM orders")).as("every row is back").isEqualTo(rows);
        assertThat(target.queryColumn("SHOW default_transaction_read_only")).as("new sessions may write")
                .containsExactly("off");
        target.execute("INSERT INTO orders VALUES (" + (rows + 1) + ", 'written after the rollback')");
        if (strategy.equals(DOWN_MIGRATION)) {
            assertThat(target.queryColumn("SELECT version || '|' || dirty FROM schema_migrations"))
                    .as("golang-migrate's history moved back").containsExactly("1|false");
            assertThat(target.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'orders_archive'")).isZero();
            assertThat(admin.queryLong("SELECT count(*) FROM pg_database WHERE shobj_description(oid, 'pg_database')"
                    + " LIKE '%before rollback " + id + ")%'")).as("one pre-rollback backup, kept").isEqualTo(1);
        } else {
            assertThat(admin.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE '" + database
                    + "\\_\\_replaced\\_%'")).as("the replaced database is kept, once").isEqualTo(1);
        }
        assertThat(state.queryLong("SELECT count(*) FROM warden.rollbacks WHERE target = 'shop'"))
                .as("one rollback for the target").isEqualTo(1);
        assertThat(state.queryLong("SELECT count(*) FROM warden.rollbacks WHERE incident_id IS NOT NULL"))
                .as("and it answers the incident").isEqualTo(1);
        // A step may be started again after a kill (once per process that ran it), never after it ended.
        assertThat(state.queryColumn("SELECT s.name FROM warden.rollback_steps s WHERE s.rollback_id = '" + id + "'"
                + " AND s.event = 'started' AND EXISTS (SELECT 1 FROM warden.rollback_steps e WHERE e.rollback_id ="
                + " s.rollback_id AND e.position = s.position AND e.seq < s.seq"
                + " AND e.event IN ('succeeded', 'skipped_already_done'))"))
                .as("no step started again after it had ended").isEmpty();
        assertThat(state.queryColumn("SELECT name FROM warden.rollback_steps WHERE rollback_id = '" + id + "'"
                + " AND event = 'started' GROUP BY name HAVING count(*) > " + processes))
                .as("no step started more often than there were processes").isEmpty();
        assertThat(state.queryLong("SELECT count(*) FROM warden.decisions WHERE outcome = 'acting' AND rollback_id = '"
                + id + "'")).as("a decision says it is answered by this rollback").isGreaterThanOrEqualTo(1);
    }

    /** Warden's state database of this scene. */
    Sql state() {
        return state;
    }

    /** The target database. */
    Sql target() {
        return target;
    }

    /** Drops every database of this run. */
    void drop() {
        for (String name : admin.queryColumn("SELECT datname FROM pg_database WHERE datname LIKE '" + database + "\\_%'"
                + " OR datname = '" + database + "'")) {
            admin.execute("DROP DATABASE \"" + name + "\" WITH (FORCE)");
        }
    }
}
