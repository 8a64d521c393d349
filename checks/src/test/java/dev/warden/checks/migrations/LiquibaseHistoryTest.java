package dev.warden.checks.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Real Liquibase updates, each with its changelog tables in its own schema, read back through Warden. */
@ExtendWith(PostgresExtension.class)
class LiquibaseHistoryTest {
    private static TestDatabase database;
    private static WardenConnection warden;

    @TempDir
    static Path changelogs;

    @BeforeAll
    static void connect(TestDatabase testDatabase) {
        // No network here: keep Liquibase from trying to send usage analytics.
        System.setProperty("liquibase.analytics.enabled", "false");
        database = testDatabase;
        warden = new WardenConnection(testDatabase);
    }

    @AfterAll
    static void close() {
        warden.close();
    }

    @Test
    void shouldReadExecutedChangesetsAndFindNoRowForOneThatFailedWithoutFailOnError() throws Exception {
        Instant before = Instant.now().minusSeconds(5);
        update("crm", """
                --liquibase formatted sql

                --changeset alice:1
                CREATE TABLE customers (id bigint PRIMARY KEY);

                --changeset alice:2
                ALTER TABLE customers ADD COLUMN email text;

                --changeset bob:3 failOnError:false
                ALTER TABLE no_such_table ADD COLUMN x int;

                --changeset bob:4
                ALTER TABLE customers ADD COLUMN name text;
                """);

        MigrationHistory history = warden.read();

        // Liquibase logs the failure of changeset 3, goes on, and writes no DATABASECHANGELOG row for it.
        List<MigrationRecord> records = recordsIn(history, "crm");
        assertThat(records).extracting(MigrationRecord::version, MigrationRecord::state).containsExactly(
                tuple("4", MigrationState.APPLIED), tuple("2", MigrationState.APPLIED), tuple("1", MigrationState.APPLIED));
        assertThat(records.get(0).name()).isEqualTo("changelog.sql::4::bob");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.schema()).isEqualTo("crm");
            assertThat(r.appliedAt()).isBetween(before, Instant.now().plusSeconds(5));
            assertThat(r.duration()).isNull();
        });
        assertThat(history.failed()).isEmpty();
    }

    @Test
    void shouldFindNoRowForChangesetThatFailedWithFailOnError() throws Exception {
        String changelog = """
                --liquibase formatted sql

                --changeset alice:1
                CREATE TABLE orders (id bigint PRIMARY KEY);

                --changeset alice:2
                ALTER TABLEE orders ADD COLUMN total numeric;
                """;

        assertThatThrownBy(() -> update("shop", changelog)).isInstanceOf(Exception.class);

        // The failed changeset's transaction rolls back and Liquibase records nothing for it.
        assertThat(recordsIn(warden.read(), "shop")).extracting(MigrationRecord::version, MigrationRecord::state)
                .containsExactly(tuple("1", MigrationState.APPLIED));
    }

    @Test
    void shouldReportRunningUpdateWhileLiquibaseHoldsItsLockTable() throws Exception {
        update("ledger", """
                --liquibase formatted sql

                --changeset alice:1
                CREATE TABLE entries (id bigint PRIMARY KEY);
                """);
        try (Connection connection = database.sql().connect()) {
            LockService lock = LockServiceFactory.getInstance().getLockService(liquibaseDatabase(connection, "ledger"));
            lock.waitForLock();
            try {
                assertThat(warden.read().running()).anySatisfy(r -> {
                    assertThat(r.tool()).isEqualTo(MigrationTools.LIQUIBASE);
                    assertThat(r.source()).isEqualTo(RunningMigration.Source.LOCK_TABLE);
                    assertThat(r.startedAt()).isNotNull();
                    assertThat(r.statementPreview()).startsWith("databasechangeloglock locked by ");
                });
            } finally {
                lock.releaseLock();
            }
        }
        assertThat(warden.read().running()).noneMatch(r -> MigrationTools.LIQUIBASE.equals(r.tool()));
    }

    private static void update(String schema, String changelog) throws Exception {
        Path dir = Files.createDirectories(changelogs.resolve(schema));
        Files.writeString(dir.resolve("changelog.sql"), changelog);
        database.sql().execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        try (Connection connection = database.sql().connect()) {
            Database liquibaseDatabase = liquibaseDatabase(connection, schema);
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new DirectoryResourceAccessor(dir)),
                    () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, liquibaseDatabase)
                            .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, "changelog.sql")
                            .execute());
        }
    }

    private static Database liquibaseDatabase(Connection connection, String schema) throws Exception {
        Database liquibaseDatabase = DatabaseFactory.getInstance()
                .findCorrectDatabaseImplementation(new JdbcConnection(connection));
        liquibaseDatabase.setDefaultSchemaName(schema);
        liquibaseDatabase.setLiquibaseSchemaName(schema);
        return liquibaseDatabase;
    }

    private static List<MigrationRecord> recordsIn(MigrationHistory history, String schema) {
        return history.records(MigrationTools.LIQUIBASE).stream().filter(r -> r.schema().equals(schema)).toList();
    }
}
