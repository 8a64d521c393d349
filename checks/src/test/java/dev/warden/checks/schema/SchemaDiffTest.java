package dev.warden.checks.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testing.PostgresExtension;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SchemaDiffTest {
    private static final String BASELINE = """
            CREATE SCHEMA %1$s;
            CREATE TABLE %1$s.customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);
            CREATE TABLE %1$s.orders (
                id bigserial PRIMARY KEY,
                customer_id bigint NOT NULL REFERENCES %1$s.customers (id),
                status varchar(20) NOT NULL DEFAULT 'new',
                amount numeric(12, 2) NOT NULL CONSTRAINT orders_amount_positive CHECK (amount > 0),
                note text,
                created_at timestamptz NOT NULL DEFAULT now(),
                amount_cents bigint GENERATED ALWAYS AS ((amount * 100)::bigint) STORED);
            CREATE INDEX orders_customer_idx ON %1$s.orders (customer_id);
            CREATE FUNCTION %1$s.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
            CREATE TRIGGER orders_touch BEFORE UPDATE ON %1$s.orders FOR EACH ROW EXECUTE FUNCTION %1$s.touch();
            CREATE MATERIALIZED VIEW %1$s.customer_totals AS
                SELECT customer_id, sum(amount) AS total FROM %1$s.orders GROUP BY customer_id;
            """;
    private static final String MIGRATION = """
            ALTER TABLE shop.orders ALTER COLUMN status TYPE varchar(50);
            CREATE INDEX orders_created_idx ON shop.orders (created_at);
            ALTER TABLE shop.orders DROP CONSTRAINT orders_amount_positive;
            ALTER TABLE shop.orders ADD CONSTRAINT orders_note_not_empty CHECK (note <> '') NOT VALID;
            CREATE VIEW shop.open_orders AS SELECT id, status FROM shop.orders WHERE status <> 'done';
            CREATE FUNCTION shop.order_total(customer bigint) RETURNS numeric LANGUAGE sql STABLE
                AS 'SELECT sum(amount) FROM shop.orders WHERE customer_id = customer';
            """;

    private static Vertx vertx;
    private static Pool pool;
    private final TestDatabase database;

    SchemaDiffTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeAll
    static void open(TestDatabase database) {
        vertx = Vertx.vertx();
        pool = database.wardenPool(vertx);
    }

    @AfterAll
    static void close() {
        pool.close().await();
        vertx.close().await();
    }

    @Test
    void shouldNameExactlyTheObjectsAMigrationChanged() {
        database.sql().execute(BASELINE.formatted("shop"));
        SchemaFingerprint before = SchemaReader.read(pool, SchemaFilter.including("shop")).await();
        database.sql().execute(MIGRATION);
        SchemaFingerprint after = SchemaReader.read(pool, SchemaFilter.including("shop")).await();

        List<SchemaChange> changes = SchemaDiff.between(before, after);

        assertThat(changes).extracting(change -> change.type() + " " + change.key()).containsExactly(
                "REMOVED constraint:shop.orders.orders_amount_positive",
                "ADDED constraint:shop.orders.orders_note_not_empty",
                "ADDED function:shop.order_total(customer bigint)",
                "ADDED index:shop.orders_created_idx",
                "CHANGED table:shop.orders",
                "ADDED view:shop.open_orders");
        SchemaChange table = changes.get(4);
        assertThat(table.details()).containsExactly(
                "shop.orders.status: type character varying(20) -> character varying(50)");
        SchemaObject notValid = changes.get(1).object();
        assertThat(notValid.attributes()).containsEntry("validated", "false").containsEntry("type", "check");
        assertThat(notValid.attributes().get("definition")).contains("NOT VALID");
        assertThat(before.hash()).isNotEqualTo(after.hash());
    }

    @Test
    void shouldReadEveryKindOfObjectWithItsDefinition() {
        database.sql().execute(BASELINE.formatted("kinds"));
        SchemaFingerprint fingerprint = SchemaReader.read(pool, SchemaFilter.including("kinds")).await();

        assertThat(fingerprint.find(ObjectKind.TABLE, "kinds.orders")).get().satisfies(orders -> assertThat(
                orders.attributes())
                .containsEntry("column.status.type", "character varying(20)")
                .containsEntry("column.status.nullable", "false")
                .containsEntry("column.status.default", "'new'::character varying")
                .containsEntry("column.note.nullable", "true")
                .containsEntry("column.amount_cents.generated", "((amount * (100)::numeric))::bigint")
                .doesNotContainKey("column.note.default"));
        assertThat(fingerprint.find(ObjectKind.TABLE, "kinds.customers").orElseThrow().attributes())
                .containsEntry("column.id.identity", "always");
        assertThat(fingerprint.find(ObjectKind.CONSTRAINT, "kinds.orders.orders_customer_id_fkey").orElseThrow()
                .attributes()).containsEntry("type", "foreign key")
                .containsEntry("definition", "FOREIGN KEY (customer_id) REFERENCES kinds.customers(id)");
        assertThat(fingerprint.find(ObjectKind.CONSTRAINT, "kinds.orders.orders_pkey")).isPresent();
        assertThat(fingerprint.find(ObjectKind.CONSTRAINT, "kinds.customers.customers_email_key")).isPresent();
        assertThat(fingerprint.find(ObjectKind.INDEX, "kinds.orders_customer_idx").orElseThrow().attributes())
                .containsEntry("valid", "true")
                .containsEntry("definition", "CREATE INDEX orders_customer_idx ON kinds.orders USING btree (customer_id)");
        assertThat(fingerprint.find(ObjectKind.SEQUENCE, "kinds.orders_id_seq").orElseThrow().attributes())
                .containsEntry("type", "bigint").containsEntry("increment", "1").containsEntry("cycle", "false")
                .doesNotContainKey("last_value");
        assertThat(fingerprint.find(ObjectKind.MATERIALIZED_VIEW, "kinds.customer_totals").orElseThrow()
                .attributes()).containsEntry("populated", "true").containsKey("definition");
        assertThat(fingerprint.find(ObjectKind.FUNCTION, "kinds.touch()").orElseThrow().attributes())
                .containsEntry("returns", "trigger").containsEntry("language", "plpgsql")
                .containsKey("definition_sha256");
        assertThat(fingerprint.find(ObjectKind.TRIGGER, "kinds.orders.orders_touch").orElseThrow().attributes())
                .containsEntry("enabled", "origin");
        assertThat(fingerprint.find(ObjectKind.EXTENSION, "plpgsql")).isPresent();
        assertThat(fingerprint.complete()).isTrue();
    }

    @Test
    void shouldListAnExtensionByVersionAndLeaveOutTheObjectsItOwns() {
        database.sql().execute("""
                CREATE SCHEMA ext;
                CREATE EXTENSION citext SCHEMA ext;
                CREATE FUNCTION ext.shout(t text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT upper(t)';
                """);
        SchemaFingerprint fingerprint = SchemaReader.read(pool, SchemaFilter.including("ext")).await();

        assertThat(fingerprint.find(ObjectKind.EXTENSION, "citext").orElseThrow().attributes())
                .containsEntry("schema", "ext").containsKey("version");
        assertThat(fingerprint.objects().keySet()).filteredOn(key -> key.startsWith("function:"))
                .containsExactly("function:ext.shout(t text)");
    }

    @Test
    void shouldGiveEqualHashesAndAnEmptyDiffForIdenticalDatabases() {
        TestDatabase twin = database.server().createDatabase("twin");
        Pool twinPool = twin.wardenPool(vertx);
        try {
            database.sql().execute(BASELINE.formatted("same"));
            twin.sql().execute(BASELINE.formatted("same"));

            SchemaFingerprint first = SchemaReader.read(pool, SchemaFilter.including("same")).await();
            SchemaFingerprint second = SchemaReader.read(twinPool, SchemaFilter.including("same")).await();

            assertThat(SchemaDiff.between(first, second)).isEmpty();
            assertThat(second.hash()).isEqualTo(first.hash());
            assertThat(first.objects()).hasSizeGreaterThan(10);
        } finally {
            twinPool.close().await();
            new Sql(database.server().admin())
                    .execute("DROP DATABASE \"" + twin.name() + "\" WITH (FORCE)");
        }
    }
}
