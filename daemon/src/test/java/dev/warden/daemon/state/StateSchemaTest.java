package dev.warden.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.ConnectionSpec;
import dev.warden.config.PostgresUri;
import dev.warden.postgres.Connections;
import dev.warden.testing.PgAddress;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class StateSchemaTest {
    /** Flyway's history, one {@code version:type:description} per row; the schema-creation marker has no version. */
    private static final String HISTORY = "SELECT coalesce(version, '-') || ':' || type || ':' || description"
            + " FROM warden.flyway_schema_history WHERE success ORDER BY installed_rank";
    private static final List<String> ALL_SCRIPTS = List.of("1:SQL:targets", "2:SQL:snapshots", "3:SQL:decisions",
            "4:SQL:alerts", "5:SQL:rollback journal", "6:SQL:incidents", "7:SQL:decision outcomes",
            "8:SQL:snapshot taint", "9:SQL:migrations", "10:SQL:drills", "11:SQL:schema fingerprints", "12:SQL:snapshot label",
            "13:SQL:alert senders", "14:SQL:watchers");
    /** What a database the pre-Flyway code left at version 5 gets on top of its baseline. */
    private static final String[] AFTER_5 = {"6:SQL:incidents", "7:SQL:decision outcomes", "8:SQL:snapshot taint",
        "9:SQL:migrations", "10:SQL:drills", "11:SQL:schema fingerprints", "12:SQL:snapshot label", "13:SQL:alert senders", "14:SQL:watchers"};

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void shouldMigrateOnceAndAgainAsANoOp(PostgresServer server) {
        TestDatabase database = server.createDatabase("state_twice");
        StateStore first = StateStore.open(vertx, PostgresUri.parse(database.uri(), Map.of()), false);
        first.ready().await();
        first.close().await();
        StateStore second = StateStore.open(vertx, PostgresUri.parse(database.uri(), Map.of()), false);
        second.ready().await();
        second.close().await();

        // Was warden.schema_version, the pre-Flyway table: its rows now live in Flyway's history.
        assertThat(database.sql().queryColumn("SELECT version FROM warden.flyway_schema_history"
                        + " WHERE type = 'SQL' ORDER BY installed_rank"))
                .containsExactlyElementsOf(ALL_SCRIPTS.stream().map(script -> script.split(":")[0]).toList())
                .last().isEqualTo(String.valueOf(StateStore.schemaVersion()));
    }

    @Test
    void shouldTakeOnlyACleanCurrentHistoryAsItIsAndLeaveTheRestToFlyway(PostgresServer server) {
        TestDatabase database = server.createDatabase("state_current");
        Pool pool = Connections.pool(vertx, PgConnectOptions.fromUri(database.uri()), 1);
        try {
            assertThat(StateSchema.found(pool).await().current()).as("empty database").isFalse();
            StateStore store = open(database);
            store.ready().await();
            store.close().await();
            assertThat(StateSchema.found(pool).await().current()).as("after migrating").isTrue();

            database.sql().execute("UPDATE warden.flyway_schema_history SET success = false WHERE version = '14'");
            assertThat(StateSchema.found(pool).await().current()).as("a failed script").isFalse();
            database.sql().execute("UPDATE warden.flyway_schema_history SET success = true");
            applyFutureMigration(database.sql(), 15);
            assertThat(StateSchema.found(pool).await().current()).as("a newer script").isFalse();
        } finally {
            pool.close().await();
        }
    }

    @Test
    void shouldRefuseAStateDatabaseNewerThanTheCode(PostgresServer server) {
        TestDatabase database = server.createDatabase("state_newer");
        StateStore.open(vertx, PostgresUri.parse(database.uri(), Map.of()), false).ready().await();
        applyFutureMigration(database.sql(), 999);

        StateStore store = StateStore.open(vertx, PostgresUri.parse(database.uri(), Map.of()), false);
        assertThatThrownBy(() -> store.ready().await())
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_SCHEMA_TOO_NEW))
                .hasMessageContaining("schema is at version 999 but this Warden understands up to "
                        + StateStore.schemaVersion());
        store.close().await();
    }

    @Test
    void shouldCreateTheSchemaInAFreshDatabaseWithFlyway(PostgresServer server) {
        TestDatabase database = server.createDatabase("state_fresh");
        StateStore store = open(database);
        store.ready().await();
        store.recordConnected("app", "17.0").await();
        store.close().await();

        assertThat(database.sql().queryColumn(HISTORY)).containsExactlyElementsOf(
                concat(List.of("-:SCHEMA:<< Flyway Schema Creation >>"), ALL_SCRIPTS));
        assertThat(StateStore.schemaVersion()).isEqualTo(14);
        assertThat(database.sql().queryColumn("SELECT to_regclass('warden.schema_version') IS NULL")).containsExactly("t");
        assertThat(database.sql().queryColumn("SELECT name FROM warden.targets")).containsExactly("app");
    }

    @Test
    void shouldUpgradeAStateDatabaseTheOldCodeMadeInPlace(PostgresServer server) {
        TestDatabase database = server.createDatabase("state_old5");
        LegacyStateDatabase.create(database.sql(), 5);
        insertData(database.sql(), 5);

        StateStore store = open(database);
        store.ready().await();
        store.close().await();

        assertThat(database.sql().queryColumn(HISTORY)).containsExactly(concat(
                List.of("5:BASELINE:warden.schema_version 5"), List.of(AFTER_5)).toArray(String[]::new));
        assertDataKept(database.sql(), 5);
        // The old table stays as the old code left it.
        assertThat(database.sql().queryLong("SELECT max(version) FROM warden.schema_version")).isEqualTo(5);

        StateStore again = open(database);
        again.ready().await();
        again.close().await();
        assertThat(database.sql().queryColumn(HISTORY)).containsExactly(concat(
                List.of("5:BASELINE:warden.schema_version 5"), List.of(AFTER_5)).toArray(String[]::new));
    }

    @Test
    void shouldUpgradeAnOlderStateDatabaseAndApplyTheNewerScripts(PostgresServer server) {
        TestDatabase database = server.createDatabase("state_old3");
        LegacyStateDatabase.create(database.sql(), 3);
        insertData(database.sql(), 3);

        StateStore store = open(database);
        store.ready().await();
        store.close().await();

        assertThat(database.sql().queryColumn(HISTORY)).containsExactly("3:BASELINE:warden.schema_version 3",
                "4:SQL:alerts", "5:SQL:rollback journal", "6:SQL:incidents", "7:SQL:decision outcomes",
                "8:SQL:snapshot taint", "9:SQL:migrations", "10:SQL:drills", "11:SQL:schema fingerprints", "12:SQL:snapshot label",
                "13:SQL:alert senders", "14:SQL:watchers");
        assertDataKept(database.sql(), 3);
        assertThat(database.sql().queryLong("SELECT count(*) FROM warden.alerts")).isZero();
        assertThat(database.sql().queryLong("SELECT count(*) FROM warden.rollbacks")).isZero();
    }

    @Test
    void shouldUpgradeOnceWhenSeveralWardensStartTogether(PostgresServer server) {
        TestDatabase fresh = server.createDatabase("state_together");
        TestDatabase old = server.createDatabase("state_together_old");
        LegacyStateDatabase.create(old.sql(), 3);
        insertData(old.sql(), 3);

        List<StateStore> stores = IntStream.range(0, 4).mapToObj(i -> open(i % 2 == 0 ? fresh : old)).toList();
        Future.all(stores.stream().map(StateStore::ready).toList()).await();
        Future.all(stores.stream().map(StateStore::close).toList()).await();

        assertThat(fresh.sql().queryColumn(HISTORY)).containsExactlyElementsOf(
                concat(List.of("-:SCHEMA:<< Flyway Schema Creation >>"), ALL_SCRIPTS));
        assertThat(old.sql().queryColumn(HISTORY)).containsExactly("3:BASELINE:warden.schema_version 3",
                "4:SQL:alerts", "5:SQL:rollback journal", "6:SQL:incidents", "7:SQL:decision outcomes",
                "8:SQL:snapshot taint", "9:SQL:migrations", "10:SQL:drills", "11:SQL:schema fingerprints", "12:SQL:snapshot label",
                "13:SQL:alert senders", "14:SQL:watchers");
        assertDataKept(old.sql(), 3);
    }

    @Test
    void shouldRefuseAMigrationAppliedByANewerWardenAndChangeNothing(PostgresServer server) {
        TestDatabase database = server.createDatabase("state_v15");
        StateStore.open(vertx, PostgresUri.parse(database.uri(), Map.of()), false).ready().await();
        applyFutureMigration(database.sql(), 15);
        List<String> before = database.sql().queryColumn(HISTORY);

        StateStore store = open(database);
        assertThatThrownBy(() -> store.ready().await())
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_SCHEMA_TOO_NEW))
                .hasMessage("the state database's schema is at version 15 but this Warden understands up to 14: a newer"
                        + " Warden has used it; run that version, or point state.url at another database");
        store.close().await();
        assertThat(database.sql().queryColumn(HISTORY)).isEqualTo(before);
    }

    @Test
    void shouldRefuseAnOldCodeDatabaseNewerThanTheCode(PostgresServer server) {
        TestDatabase database = server.createDatabase("state_old_newer");
        LegacyStateDatabase.create(database.sql(), 5);
        database.sql().execute("INSERT INTO warden.schema_version (version, script) VALUES (15, 'V15__future.sql')");

        StateStore store = open(database);
        assertThatThrownBy(() -> store.ready().await())
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_SCHEMA_TOO_NEW))
                .hasMessageContaining("schema is at version 15 but this Warden understands up to 14");
        store.close().await();
        assertThat(database.sql().queryColumn("SELECT to_regclass('warden.flyway_schema_history') IS NULL"))
                .containsExactly("t");
    }

    @Test
    void shouldRefuseASchemaItDidNotMakeWithoutShowingThePassword(PostgresServer server) {
        TestDatabase database = server.createDatabase("state_stranger");
        database.sql().execute("CREATE SCHEMA warden; CREATE TABLE warden.stranger (x int)");
        String role = database.name() + "_owner";
        database.sql().execute("CREATE ROLE " + role + " LOGIN PASSWORD 'pw-never-shown'");
        PgAddress admin = database.address();
        ConnectionSpec connection = PostgresUri.parse(
                new PgAddress(admin.host(), admin.port(), role, "pw-never-shown", admin.database()).uri(), Map.of());

        StateStore store = StateStore.open(vertx, connection, false);
        assertThatThrownBy(() -> store.ready().await())
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("cannot migrate the state store " + connection.redacted())
                .hasMessageContaining("non-empty schema")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-never-shown"));
        store.close().await();
        database.sql().execute("DROP ROLE " + role);
    }

    private StateStore open(TestDatabase database) {
        return StateStore.open(vertx, PostgresUri.parse(database.uri(), Map.of()), false);
    }

    /** What a newer Warden's Flyway would have recorded after running its script {@code version}. */
    private static void applyFutureMigration(Sql sql, int version) {
        sql.execute("INSERT INTO warden.flyway_schema_history (installed_rank, version, description, type, script,"
                + " checksum, installed_by, execution_time, success) SELECT max(installed_rank) + 1, '" + version
                + "', 'future', 'SQL', 'V" + version + "__future.sql', 0, current_user, 1, true"
                + " FROM warden.flyway_schema_history");
    }

    /** A row in each table the old code had made at {@code version}. */
    private static void insertData(Sql sql, int version) {
        sql.execute("INSERT INTO warden.targets (name, server_version) VALUES ('app', '17.0')");
        sql.execute("INSERT INTO warden.snapshots (target, reason, taken_at, duration_ms, server_version, schema_hash,"
                + " schema, row_counts, migrations, notes) VALUES ('app', 'manual', now(), 12, '17.0', 'abc',"
                + " '{}', '{\"tables\": []}', '{\"records\": []}', '[]')");
        sql.execute("INSERT INTO warden.decisions (id, target, check_name, issue, severity, strategy, mode,"
                + " time_budget_ms, first_breach_at, decided_at, streak, reasoning) VALUES"
                + " ('6f1c1d1e-0000-4000-8000-000000000001', 'app', 'row_count_drift', 'data_corruption', 'critical',"
                + " 'branch_swap', 'approve', 900000, now(), now(), 2, '[\"public.orders dropped 40%\"]')");
        if (version >= 5) {
            sql.execute("INSERT INTO warden.rollbacks (id, target, strategy, status, request, steps, impact,"
                    + " planned_at, updated_at) VALUES ('r1', 'app', 'read_only', 'planned', '{}', '[]', '{}',"
                    + " now(), now())");
        }
    }

    private static void assertDataKept(Sql sql, int version) {
        assertThat(sql.queryColumn("SELECT name FROM warden.targets")).containsExactly("app");
        assertThat(sql.queryColumn("SELECT reason || ':' || duration_ms FROM warden.snapshots"))
                .containsExactly("manual:12");
        assertThat(sql.queryColumn("SELECT reasoning ->> 0 FROM warden.decisions"))
                .containsExactly("public.orders dropped 40%");
        if (version >= 5) {
            assertThat(sql.queryColumn("SELECT id FROM warden.rollbacks")).containsExactly("r1");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
