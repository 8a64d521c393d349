package dev.warden.rollback.down;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.rollback.down.DropFinder.Drop;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void shouldFindDroppedColumnsAndTablesButNotWhatMerelyLooksLikeThem() {
        SqlScript script = SqlScript.parse("""
                -- ALTER TABLE ghosts DROP COLUMN in_a_comment;
                ALTER TABLE IF EXISTS ONLY sales."Orders" DROP COLUMN IF EXISTS "Total", DROP note CASCADE,
                    DROP CONSTRAINT orders_pk, ALTER COLUMN x DROP DEFAULT, ADD COLUMN y int;
                ALTER TABLE items DROP CONSTRAINT items_pk;
                /* nested /* comment */ DROP TABLE hidden; */
                INSERT INTO log VALUES ('ALTER TABLE t DROP COLUMN in_a_string;');
                DO $body$ BEGIN EXECUTE 'DROP TABLE in_dollars'; END $body$;
                DROP TABLE IF EXISTS Audit, public.history CASCADE;
                """);

        assertThat(DropFinder.find(script.statements())).containsExactly(
                new Drop("sales", "Orders", "Total"), new Drop("sales", "Orders", "note"),
                new Drop(null, "audit", null), new Drop("public", "history", null));
        assertThat(script.problems()).isEmpty();
    }

    @Test
    void shouldUnwrapABeginCommitWrapperAndRefuseOtherTransactionControl() {
        SqlScript wrapped = SqlScript.parse("BEGIN;\nALTER TABLE items DROP COLUMN sku;\nCOMMIT;\n");
        SqlScript committing = SqlScript.parse("ALTER TABLE items DROP COLUMN sku;\nCOMMIT;\nDROP TABLE items;");
        SqlScript concurrent = SqlScript.parse("DROP INDEX CONCURRENTLY items_sku;");

        assertThat(wrapped.body().strip()).isEqualTo("ALTER TABLE items DROP COLUMN sku;");
        assertThat(wrapped.problems()).isEmpty();
        assertThat(committing.problems()).containsExactly("it controls the transaction itself (COMMIT)");
        assertThat(concurrent.problems()).singleElement().asString().contains("cannot run inside a transaction block");
    }

    @Test
    void shouldKeepQuotedSemicolonsInsideTheirStatement() {
        SqlScript script = SqlScript.parse("UPDATE t SET a = 'x;y', b = E'it\\'s;'; SELECT \"a;b\" FROM t");

        assertThat(script.statements()).hasSize(2);
        assertThat(script.statements().get(1).get(1).text()).isEqualTo("a;b");
    }

    @Test
    void shouldComputeFlywaysChecksumOfTheLinesWithoutTheirBreaks() {
        int unix = UndoScripts.flywayChecksum("ALTER TABLE items DROP COLUMN price;\nSELECT 1;\n");
        int windows = UndoScripts.flywayChecksum("\uFEFFALTER TABLE items DROP COLUMN price;\r\nSELECT 1;");

        assertThat(windows).isEqualTo(unix);
        assertThat(UndoScripts.flywayVersion("01_1.0")).isEqualTo("1.1");
        assertThat(List.of(UndoScripts.flywayVersion("2"), UndoScripts.flywayVersion("2.0"))).containsOnly("2");
    }
}
