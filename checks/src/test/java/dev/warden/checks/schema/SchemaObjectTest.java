package dev.warden.checks.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The compact form keeps a TreeMap's behaviour; equal definitions share one instance. */
class SchemaObjectTest {

    @Test
    void attributesReadLikeTheSortedMapTheyReplace() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("column.name.type", "text");
        given.put("column.id.type", "bigint");
        given.put("column.id.not_null", "true");
        SchemaObject object = new SchemaObject(ObjectKind.TABLE, "app.t_1", given);

        assertThat(object.attributes()).isEqualTo(new TreeMap<>(given)).hasSameHashCodeAs(new TreeMap<>(given));
        assertThat(object.attributes().keySet()).containsExactly("column.id.not_null", "column.id.type", "column.name.type");
        assertThat(object.attributes().get("column.id.type")).isEqualTo("bigint");
        assertThat(object.attributes().get("column.missing")).isNull();
        assertThat(object.attributes().containsKey(42)).isFalse();
        assertThat(object.hash()).isEqualTo(new SchemaObject(ObjectKind.TABLE, "app.t_1", new TreeMap<>(given)).hash());
    }

    @Test
    void equalDefinitionsShareOneInstanceAndOthersDoNot() {
        SchemaObject first = SchemaObject.canonical(new SchemaObject(ObjectKind.INDEX, "app.t_1_name_idx",
                Map.of("definition", "CREATE INDEX t_1_name_idx ON app.t_1 USING btree (name)")));
        SchemaObject again = SchemaObject.canonical(new SchemaObject(ObjectKind.INDEX, "app.t_1_name_idx",
                Map.of("definition", "CREATE INDEX t_1_name_idx ON app.t_1 USING btree (name)")));
        SchemaObject changed = SchemaObject.canonical(new SchemaObject(ObjectKind.INDEX, "app.t_1_name_idx",
                Map.of("definition", "CREATE INDEX t_1_name_idx ON app.t_1 USING btree (name, id)")));

        assertThat(again).isSameAs(first);
        assertThat(again.key()).isSameAs(first.key());
        assertThat(changed).isNotSameAs(first).isNotEqualTo(first);
    }
}
