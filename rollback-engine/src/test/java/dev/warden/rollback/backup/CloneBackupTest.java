package dev.warden.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.testing.PgAddress;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@ExtendWith(PostgresExtension.class)
class CloneBackupTest {
    private static final Logger log = LoggerFactory.getLogger(CloneBackupTest.class);
    private static Vertx vertx;
    private static TestDatabase db;

    @BeforeAll
    static void setUp(TestDatabase database) {
        db = database;
        vertx = Vertx.vertx();
        db.sql().execute("CREATE TABLE orders (id int PRIMARY KEY, total numeric);"
                + "INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 500) g;"
                + "CREATE TABLE customers (id int PRIMARY KEY, name text);"
                + "INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 40) g;"
                + "CREATE TABLE audit (id bigserial, note text)");
    }

    @AfterAll
    static void tearDown() {
        Sql admin = new Sql(db.server().admin());
        for (String clone : admin.queryColumn("SELECT datname FROM pg_database WHERE starts_with(datname, '"
                + db.name() + "__warden_')")) {
            admin.execute("DROP DATABASE \"" + clone + "\" WITH (FORCE)");
        }
        vertx.close().await();
    }

    @Test
    void shouldCloneWhileClientsAreConnectedAndLetThemReconnect() throws SQLException {
        BackupRequest request = request("2026-11-22T03:15:00Z");
        try (Connection idle = db.sql().connect(); Connection inTransaction = db.sql().connect()) {
            inTransaction.setAutoCommit(false);
            try (Statement s = inTransaction.createStatement()) {
                s.execute("INSERT INTO orders VALUES (9999, 1)");
            }

            long started = System.nanoTime();
            Backup backup = cloneMethod().create(request).await();
            log.info("Clone of a small database: create() took {} ms", (System.nanoTime() - started) / 1_000_000);

            assertThat(backup.location()).isEqualTo(db.name() + "__warden_20261122T031500Z");
            assertThat(backup.rowCounts()).containsEntry("public.orders", 500L);
            assertThatThrownBy(() -> idle.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
            assertThatThrownBy(inTransaction::commit).isInstanceOf(SQLException.class);
        }
        try (Connection reconnected = db.sql().connect()) {
            assertThat(reconnected.isValid(2)).isTrue();
        }
        assertThat(db.sql().queryLong("SELECT count(*) FROM orders")).isEqualTo(500);
        assertThat(allowsConnections(db.name())).isTrue();
    }

    @Test
    void shouldCopyExactRowCountsAndVerifyTheClone() {
        BackupRequest request = request("2026-11-22T04:00:00Z");

        Backup backup = cloneMethod().create(request).await();
        Verification verification = cloneMethod().verify(backup, request).await();

        Sql copy = new Sql(db.address().withDatabase(backup.location()));
        assertThat(backup.rowCounts()).isEqualTo(Map.of("public.orders", 500L, "public.customers", 40L));
        assertThat(copy.queryLong("SELECT count(*) FROM orders")).isEqualTo(500);
        assertThat(copy.queryLong("SELECT count(*) FROM customers")).isEqualTo(40);
        assertThat(backup.details()).containsEntry("user_tables", "3").containsEntry("strategy", "FILE_COPY");
        int major = Integer.parseInt(backup.details().get("server_version_num")) / 10000;
        assertThat(backup.details()).as("issue 13: a server that copies blocks says so")
                .containsEntry("restore_kind", major >= 18 && "clone".equals(backup.details().get("file_copy_method"))
                        ? "reflink_clone" : "block_copy")
                .containsKeys("server_version", CloneBackup.DOOR_SHUT_MS);
        assertThat(Long.parseLong(backup.details().get(CloneBackup.DOOR_SHUT_MS)))
                .isNotNegative().isLessThanOrEqualTo(Long.parseLong(backup.details().get("clone_ms")) + 1000);
        assertThat(backup.sizeBytes()).isPositive();
        assertThat(verification.ok()).as(verification.toString()).isTrue();
        assertThat(verification.evidence()).contains("public.orders: source 500, clone 500");
        assertThat(backup.withVerification(verification).verified()).isTrue();
        assertThat(copy.queryColumn("SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                + " WHERE datname = current_database()").get(0))
                .startsWith("Warden backup of " + db.name() + " at ").contains("reason: before V42");
    }

    @Test
    void shouldFailVerificationWhenCloneNoLongerMatchesSource() {
        BackupRequest request = request("2026-11-22T05:00:00Z");
        Backup backup = cloneMethod().create(request).await();
        new Sql(db.address().withDatabase(backup.location())).execute("DELETE FROM orders WHERE id <= 3");

        Verification verification = cloneMethod().verify(backup, request).await();

        assertThat(verification.ok()).isFalse();
        assertThat(verification.evidence()).contains("public.orders: source 500, clone 497");
    }

    @Test
    void shouldRefuseBeforeCuttingClientsOffWhenBackupNameIsTaken() throws SQLException {
        BackupRequest request = request("2026-11-22T06:00:00Z");
        new Sql(db.server().admin()).execute("CREATE DATABASE \"" + request.backupName() + "\"");

        try (Connection client = db.sql().connect()) {
            assertThatThrownBy(() -> cloneMethod().create(request).await())
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("cannot clone database " + db.name())
                    .hasMessageContaining("already exists");
            assertThat(client.isValid(2)).as("the client was not cut off for a clone that could not happen").isTrue();
        }
        assertThat(allowsConnections(db.name())).isTrue();
    }

    @Test
    void shouldAllowConnectionsAgainWhenASessionCannotBeTerminated() throws SQLException {
        // A non-superuser owner may close its database but not terminate a superuser's session:
        // the clone fails after the door was shut, and must open it again.
        String owner = db.name() + "_owner";
        String owned = db.name() + "_owned";
        Sql admin = new Sql(db.server().admin());
        admin.execute("CREATE ROLE \"" + owner + "\" LOGIN CREATEDB");
        admin.execute("CREATE DATABASE \"" + owned + "\" OWNER \"" + owner + "\"");
        PgAddress ownerAddress = new PgAddress(db.address().host(), db.address().port(), owner, "", owned);
        new Sql(ownerAddress).execute("CREATE TABLE orders (id int); INSERT INTO orders VALUES (1), (2)");
        BackupRequest request = BackupRequest.of("owned", ownerAddress.connectOptions(), "test", List.of("orders"),
                Clock.fixed(Instant.parse("2026-11-22T07:00:00Z"), ZoneOffset.UTC));
        try (Connection superuserSession = new Sql(db.server().admin().withDatabase(owned)).connect()) {

            assertThatThrownBy(() -> cloneMethod().create(request).await())
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("cannot clone database " + owned)
                    .hasMessageContaining("terminate");

            assertThat(allowsConnections(owned)).isTrue();
            assertThat(superuserSession.isValid(2)).isTrue();
            assertThat(new Sql(ownerAddress).queryLong("SELECT count(*) FROM orders")).isEqualTo(2);
        } finally {
            admin.execute("DROP DATABASE IF EXISTS \"" + owned + "\" WITH (FORCE)");
            admin.execute("DROP ROLE IF EXISTS \"" + owner + "\"");
        }
    }

    private CloneBackup cloneMethod() {
        return new CloneBackup(vertx, Clock.systemUTC(), Duration.ofMinutes(5));
    }

    private static BackupRequest request(String at) {
        PgConnectOptions source = db.address().connectOptions()
                .addProperty("application_name", "warden")
                .addProperty("statement_timeout", "5000")
                .addProperty("lock_timeout", "1000");
        Clock clock = Clock.fixed(Instant.parse(at), ZoneOffset.UTC);
        return BackupRequest.of("shop", source, "before V42", List.of("orders", "public.customers"), clock);
    }

    private static boolean allowsConnections(String database) {
        return new Sql(db.server().admin()).queryLong(
                "SELECT datallowconn::int FROM pg_database WHERE datname = '" + database + "'") == 1;
    }
}
