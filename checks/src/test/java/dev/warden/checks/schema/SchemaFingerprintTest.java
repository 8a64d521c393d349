package dev.warden.checks.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaFingerprintTest {
    private static final SchemaObject ORDERS = new SchemaObject(ObjectKind.TABLE, "public.orders",
            Map.of("kind", "table", "column.id.type", "bigint", "column.status.type", "character varying(20)"));
    private static final SchemaObject PKEY = new SchemaObject(ObjectKind.INDEX, "public.orders_pkey",
            Map.of("definition", "CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id)", "valid", "true"));

    @Test
    void shouldHashTheSameContentTheSameWhateverTheOrder() {
        SchemaFingerprint one = SchemaFingerprint.of(List.of(ORDERS, PKEY), List.of());
        SchemaFingerprint two = SchemaFingerprint.of(List.of(PKEY, ORDERS), List.of());
        assertThat(two.hash()).isEqualTo(one.hash()).hasSize(64);
        assertThat(two.objects().keySet()).containsExactly("index:public.orders_pkey", "table:public.orders");
    }

    @Test
    void shouldRoundTripThroughPlainMapsAndLists() {
        SchemaFingerprint fingerprint = SchemaFingerprint.of(List.of(ORDERS, PKEY), List.of("view:public.locked"));
        SchemaFingerprint read = SchemaFingerprint.fromPlain(fingerprint.toPlain());
        assertThat(read).isEqualTo(fingerprint);
        assertThat(read.complete()).isFalse();
    }

    @Test
    void shouldRefuseAPlainFingerprintWhoseHashDoesNotMatch() {
        Map<String, Object> plain = SchemaFingerprint.of(List.of(ORDERS), List.of()).toPlain();
        plain.put("hash", "0".repeat(64));
        assertThatThrownBy(() -> SchemaFingerprint.fromPlain(plain))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hash mismatch");
    }

    @Test
    void shouldReportAddedAndRemovedColumnsOnceEach() {
        SchemaObject after = new SchemaObject(ObjectKind.TABLE, "public.orders",
                Map.of("kind", "partitioned table", "column.id.type", "bigint", "column.total.type", "numeric",
                        "column.total.nullable", "false"));
        List<SchemaChange> changes = SchemaDiff.between(SchemaFingerprint.of(List.of(ORDERS), List.of()),
                SchemaFingerprint.of(List.of(after), List.of()));
        assertThat(changes).singleElement().satisfies(change -> assertThat(change.details()).containsExactly(
                "public.orders.status: column removed (was {type=character varying(20)})",
                "public.orders.total: column added {nullable=false, type=numeric}",
                "public.orders: kind table -> partitioned table"));
    }

    @Test
    void shouldSayNothingAboutObjectsSkippedOnEitherSide() {
        SchemaFingerprint before = SchemaFingerprint.of(List.of(ORDERS, PKEY), List.of());
        SchemaFingerprint after = SchemaFingerprint.of(List.of(PKEY), List.of(ORDERS.key()));
        assertThat(SchemaDiff.between(before, after)).isEmpty();
        assertThat(after.hash()).isNotEqualTo(before.hash());
    }
}
