package dev.warden.checks.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SchemaFilterTest {
    private static Vertx vertx;
    private static Pool pool;

    @BeforeAll
    static void arrange(TestDatabase database) {
        database.sql().execute("""
                CREATE SCHEMA billing;
                CREATE SCHEMA audit;
                CREATE SCHEMA warden;
                CREATE TABLE public.accounts (id int PRIMARY KEY);
                CREATE TABLE billing.invoices (id int PRIMARY KEY);
                CREATE TABLE audit.events (id int PRIMARY KEY);
                CREATE TABLE warden.state (id int PRIMARY KEY);
                CREATE FUNCTION warden.helper() RETURNS int LANGUAGE sql AS 'SELECT 1';
                CREATE TEMP TABLE scratch (id int);
                """);
        vertx = Vertx.vertx();
        pool = database.wardenPool(vertx);
    }

    @AfterAll
    static void close() {
        pool.close().await();
        vertx.close().await();
    }

    @Test
    void shouldReadEveryUserSchemaButNeverWardensOwnOrTheSystemOnes() {
        assertThat(schemasIn(SchemaReader.read(pool, SchemaFilter.all()).await()))
                .containsExactly("audit", "billing", "public");
    }

    @Test
    void shouldReadOnlyTheIncludedSchemas() {
        assertThat(schemasIn(SchemaReader.read(pool, SchemaFilter.including("billing", "audit")).await()))
                .containsExactly("audit", "billing");
    }

    @Test
    void shouldLeaveOutTheExcludedSchemas() {
        assertThat(schemasIn(SchemaReader.read(pool, SchemaFilter.excluding("audit")).await()))
                .containsExactly("billing", "public");
    }

    @Test
    void shouldNeverReadWardensSchemaOrPgCatalogEvenWhenIncluded() {
        SchemaFingerprint fingerprint = SchemaReader.read(pool,
                SchemaFilter.including("warden", "pg_catalog", "information_schema", "billing")).await();
        assertThat(schemasIn(fingerprint)).containsExactly("billing");
    }

    /** The schemas of every object but extensions, which are database-wide. */
    private static Set<String> schemasIn(SchemaFingerprint fingerprint) {
        Set<String> schemas = new TreeSet<>();
        fingerprint.objects().values().stream()
                .filter(object -> object.kind() != ObjectKind.EXTENSION)
                .forEach(object -> schemas.add(object.qualifiedName().substring(0, object.qualifiedName().indexOf('.'))));
        return schemas;
    }
}
