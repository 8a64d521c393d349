package dev.warden.checks.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Real Flyway runs, each in its own schema of the class's database, read back through Warden. */
@ExtendWith(PostgresExtension.class)
class FlywayHistoryTest {
    private static TestDatabase database;
    private static WardenConnection warden;

    @TempDir
    static Path scripts;

    @BeforeAll
    static void connect(TestDatabase testDatabase) {
        database = testDatabase;
        warden = new WardenConnection(testDatabase);
    }

    @AfterAll
    static void close() {
        warden.close();
    }

    @Test
    void shouldReadAppliedVersionedAndRepeatableMigrations() throws IOException {
        Instant before = Instant.now().minusSeconds(5);
        Path dir = scriptsFor("inventory",
                "V1__create_items.sql", "CREATE TABLE items (id bigint PRIMARY KEY);",
                "V2__add_price.sql", "ALTER TABLE items ADD COLUMN price numeric;",
                "R__items_view.sql", "CREATE OR REPLACE VIEW priced_items AS SELECT * FROM items WHERE price IS NOT NULL;");
        flyway("inventory", dir).migrate();

        List<MigrationRecord> records = recordsIn(warden.read(), "inventory");

        assertThat(records).extracting(MigrationRecord::version).containsExactly(null, "2", "1");
        assertThat(records).extracting(MigrationRecord::name).containsExactly("items view", "add price", "create items");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(MigrationState.APPLIED);
            assertThat(r.appliedAt()).isBetween(before, Instant.now().plusSeconds(5));
            assertThat(r.duration()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
        });
    }

    @Test
    void shouldFindNoTraceOfTransactionalMigrationThatFailedOnPostgres() throws IOException {
        Path dir = scriptsFor("billing",
                "V1__create_invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);",
                "V2__broken.sql", "CREATE TABLE payments (id bigint PRIMARY KEY);\nALTER TABLEE invoices ADD COLUMN paid boolean;");

        assertThatThrownBy(() -> flyway("billing", dir).migrate()).isInstanceOf(FlywayException.class);

        // PostgreSQL's transactional DDL rolls the failed migration back together with its history row.
        MigrationHistory history = warden.read();
        assertThat(recordsIn(history, "billing")).extracting(MigrationRecord::version, MigrationRecord::state)
                .containsExactly(tuple("1", MigrationState.APPLIED));
        assertThat(history.failed()).noneMatch(r -> r.schema().equals("billing"));
        assertThat(database.sql().queryLong("SELECT count(*) FROM pg_class WHERE relname = 'payments'")).isZero();
    }

    @Test
    void shouldFindNoTraceOfNonTransactionalFailureUnderFlywaysDefaultTransactionalLock() throws IOException {
        Path dir = scriptsFor("search",
                "V1__create_documents.sql", "CREATE TABLE documents (id bigint PRIMARY KEY, body text);",
                "V2__index_missing_table.sql", "CREATE INDEX CONCURRENTLY documents_title ON no_such_table (title);");

        assertThatThrownBy(() -> flyway("search", dir).migrate()).isInstanceOf(FlywayException.class);

        // Flyway writes the failed row in the transaction that holds its advisory lock (the default
        // postgresql.transactional.lock=true), and that transaction rolls back with the failure.
        MigrationHistory history = warden.read();
        assertThat(recordsIn(history, "search")).extracting(MigrationRecord::version, MigrationRecord::state)
                .containsExactly(tuple("1", MigrationState.APPLIED));
    }

    @Test
    void shouldReadFailedRowWhenFlywayHoldsASessionLock() throws IOException {
        Path dir = scriptsFor("archive",
                "V1__create_documents.sql", "CREATE TABLE documents (id bigint PRIMARY KEY, body text);",
                "V2__index_missing_table.sql", "CREATE INDEX CONCURRENTLY documents_title ON no_such_table (title);");
        Flyway flyway = Flyway.configure().configuration(flyway("archive", dir).getConfiguration())
                .configuration(Map.of("flyway.postgresql.transactional.lock", "false"))
                .load();

        assertThatThrownBy(flyway::migrate).isInstanceOf(FlywayException.class);

        MigrationHistory history = warden.read();
        assertThat(recordsIn(history, "archive")).extracting(MigrationRecord::version, MigrationRecord::state)
                .containsExactly(tuple("2", MigrationState.FAILED), tuple("1", MigrationState.APPLIED));
        assertThat(history.failed()).filteredOn(r -> r.schema().equals("archive"))
                .extracting(MigrationRecord::name).containsExactly("index missing table");
    }

    @Test
    void shouldSeeFlywaysOwnAdvisoryLockWhileItMigrates() throws IOException {
        Path dir = scriptsFor("reporting", "V1__create_reports.sql", "CREATE TABLE reports (id bigint PRIMARY KEY);");
        V2__Observe_from_inside observer = new V2__Observe_from_inside();

        flyway("reporting", dir, observer).migrate();

        // Flyway holds its lock on its main connection and runs the migration on a second one.
        long key = AdvisoryLockKeys.flyway("reporting", "flyway_schema_history");
        assertThat(observer.advisoryLockHolders).containsKey(key);
        assertThat(observer.seen.running()).anySatisfy(r -> {
            assertThat(r.tool()).isEqualTo(MigrationTools.FLYWAY);
            assertThat(r.pid()).isEqualTo(observer.advisoryLockHolders.get(key));
            assertThat(r.source()).isEqualTo(RunningMigration.Source.ADVISORY_LOCK);
        });
        assertThat(warden.read().running()).noneMatch(r -> MigrationTools.FLYWAY.equals(r.tool()));
    }

    /** A Java migration that looks at its own advisory locks and lets Warden read while Flyway migrates. */
    static final class V2__Observe_from_inside extends BaseJavaMigration {
        final Map<Long, Integer> advisoryLockHolders = new HashMap<>();
        MigrationHistory seen;

        @Override
        public void migrate(Context context) throws Exception {
            try (Statement statement = context.getConnection().createStatement();
                 ResultSet rows = statement.executeQuery("SELECT (classid::bigint << 32) | objid::bigint, pid"
                         + " FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND granted")) {
                while (rows.next()) {
                    advisoryLockHolders.put(rows.getLong(1), rows.getInt(2));
                }
            }
            seen = warden.read();
        }
    }

    private static Flyway flyway(String schema, Path dir, JavaMigration... javaMigrations) {
        return Flyway.configure()
                .dataSource(database.address().jdbcUrl(), database.address().user(), database.address().password())
                .schemas(schema)
                .locations("filesystem:" + dir)
                .javaMigrations(javaMigrations)
                .load();
    }

    private static Path scriptsFor(String schema, String... namesAndBodies) throws IOException {
        Path dir = Files.createDirectories(scripts.resolve(schema));
        for (int i = 0; i < namesAndBodies.length; i += 2) {
            Files.writeString(dir.resolve(namesAndBodies[i]), namesAndBodies[i + 1]);
        }
        return dir;
    }

    private static List<MigrationRecord> recordsIn(MigrationHistory history, String schema) {
        return history.records(MigrationTools.FLYWAY).stream().filter(r -> r.schema().equals(schema)).toList();
    }
}
