package dev.warden.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresExtensionTest {
    private final TestDatabase database;

    PostgresExtensionTest(TestDatabase database) {
        this.database = database;
    }

    @Test
    void shouldGiveTheClassAFreshDatabaseOnARealServer() {
        assertThat(database.sql().queryColumn("SELECT current_database()")).containsExactly(database.name());
        assertThat(database.sql().queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();
        assertThat(database.sql().queryLong("SELECT current_setting('server_version_num')::int")).isGreaterThan(130000);
    }

    @Test
    void shouldShareTheDatabaseBetweenMethodsAndParameters(TestDatabase parameter) {
        assertThat(parameter.name()).isEqualTo(database.name());
    }

    @Test
    void shouldNeverShowThePasswordWhenPrinted() {
        PgAddress address = new PgAddress("db", 5432, "app", "s3cret", "orders");
        assertThat(address.toString()).doesNotContain("s3cret");
        assertThat(PgAddress.parse(address.uri())).isEqualTo(address);
    }

    @Test
    void shouldOpenPoolsWithWardensSessionSettings() {
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = database.wardenPool(vertx);
            Row row = pool.query("SELECT current_setting('application_name'), current_setting('lock_timeout'),"
                    + " current_setting('statement_timeout')").execute().await().iterator().next();
            assertThat(row.getString(0)).isEqualTo("warden");
            assertThat(row.getString(1)).isEqualTo("1s");
            assertThat(row.getString(2)).isEqualTo("5s");
            pool.close().await();
        } finally {
            vertx.close().await();
        }
    }
}
