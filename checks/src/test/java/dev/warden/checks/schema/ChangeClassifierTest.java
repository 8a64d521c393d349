package dev.warden.checks.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 11: change risk, not change. Real DDL on a real server, each schema its own case. */
@ExtendWith(PostgresExtension.class)
class ChangeClassifierTest {
    private static final String TABLES = """
            CREATE SCHEMA %1$s;
            CREATE TABLE %1$s.users (id bigint PRIMARY KEY, name text, email text NOT NULL,
                code varchar(100), short_code varchar(10), counter integer, big bigint, amount integer,
                CONSTRAINT users_email_check CHECK (email <> ''));
            CREATE INDEX users_email_idx ON %1$s.users (email);
            CREATE TABLE %1$s.notes (id bigint PRIMARY KEY, body text);
            CREATE FUNCTION %1$s.greet(who text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''hi '' || who';
            INSERT INTO %1$s.users (id, email) VALUES (1, 'a@x'), (2, 'b@x');
            """;

    private static Vertx vertx;
    private static Pool pool;
    private static TestDatabase database;

    @BeforeAll
    static void open(TestDatabase testDatabase) {
        database = testDatabase;
        vertx = Vertx.vertx();
        pool = database.wardenPool(vertx);
    }

    @AfterAll
    static void close() {
        pool.close().await();
        vertx.close().await();
    }

    @Test
    void shouldCallBackwardCompatibleChangesAdditive() {
        List<ClassifiedChange> changes = classify("adds", """
                ALTER TABLE adds.users ADD COLUMN nickname text;
                ALTER TABLE adds.users ADD COLUMN status text NOT NULL DEFAULT 'new';
                CREATE TABLE adds.tags (id bigint PRIMARY KEY, label text);
                CREATE VIEW adds.named_users AS SELECT id, name FROM adds.users;
                CREATE FUNCTION adds.shout(t text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT upper(t)';
                ALTER TABLE adds.notes ADD CONSTRAINT notes_body_check CHECK (body <> '');
                ALTER TABLE adds.notes ADD CONSTRAINT notes_id_check CHECK (id > 0) NOT VALID;
                ALTER TABLE adds.users ALTER COLUMN short_code TYPE varchar(100);
                ALTER TABLE adds.users ALTER COLUMN counter TYPE bigint;
                """, "CREATE INDEX CONCURRENTLY users_name_idx ON adds.users (name)");

        assertThat(changes).allSatisfy(c -> assertThat(c.changeClass()).as(c.describe()).isEqualTo(ChangeClass.ADDITIVE));
        assertThat(changes).extracting(ClassifiedChange::describe).containsExactlyInAnyOrder(
                "new column adds.users.nickname (nullable text)",
                "new column adds.users.status (NOT NULL text with default 'new'::text)",
                "changed column adds.users.short_code (type widened character varying(10) -> character varying(100))",
                "changed column adds.users.counter (type widened integer -> bigint)",
                "new table adds.tags",
                "new constraint adds.tags.tags_pkey",
                "new index adds.tags_pkey",
                "new index adds.users_name_idx",
                "new view adds.named_users",
                "new function adds.shout(t text)",
                "new constraint adds.notes.notes_body_check",
                "new constraint adds.notes.notes_id_check (NOT VALID: existing rows not checked yet)");
        assertThat(changes).filteredOn(c -> c.name().equals("adds.users.nickname")).singleElement()
                .satisfies(c -> assertThat(c.toPlain()).containsEntry("kind", "column")
                        .containsEntry("change", "new: nullable text").containsEntry("class", "additive"));
    }

    @Test
    void shouldCallDestructiveChangesBreaking() {
        List<ClassifiedChange> changes = classify("drops", """
                ALTER TABLE drops.users DROP COLUMN amount;
                ALTER TABLE drops.users RENAME COLUMN name TO full_name;
                ALTER TABLE drops.users ALTER COLUMN code TYPE varchar(10);
                ALTER TABLE drops.users ALTER COLUMN big TYPE integer;
                ALTER TABLE drops.users ALTER COLUMN counter TYPE text;
                UPDATE drops.users SET short_code = 'x';
                ALTER TABLE drops.users ALTER COLUMN short_code SET NOT NULL;
                ALTER TABLE drops.users DROP CONSTRAINT users_email_check;
                DROP INDEX drops.users_email_idx;
                DROP TABLE drops.notes;
                DROP FUNCTION drops.greet(text);
                """);

        assertThat(changes).allSatisfy(c -> assertThat(c.changeClass()).as(c.describe()).isEqualTo(ChangeClass.BREAKING));
        assertThat(changes).extracting(ClassifiedChange::describe).containsExactlyInAnyOrder(
                "dropped column drops.users.amount",
                "renamed column drops.users.name (now drops.users.full_name)",
                "changed column drops.users.code (type narrowed or rewritten character varying(100) -> character varying(10))",
                "changed column drops.users.big (type narrowed or rewritten bigint -> integer)",
                "changed column drops.users.counter (type narrowed or rewritten integer -> text)",
                "changed column drops.users.short_code (NOT NULL added)",
                "dropped constraint drops.users.users_email_check",
                "dropped index drops.users_email_idx",
                "dropped table drops.notes",
                "dropped constraint drops.notes.notes_pkey",
                "dropped index drops.notes_pkey",
                "dropped function drops.greet(who text)");
    }

    @Test
    void shouldCallAnIndexLeftInvalidByAFailedConcurrentBuildBreaking() {
        database.sql().execute(TABLES.formatted("invalid"));
        SchemaFingerprint before = read("invalid");
        database.sql().execute("UPDATE invalid.users SET code = 'same'");
        assertThatThrownBy(() -> database.sql().execute("CREATE UNIQUE INDEX CONCURRENTLY users_code_key ON invalid.users (code)"))
                .hasMessageContaining("could not create unique index");

        List<ClassifiedChange> changes = ChangeClassifier.classify(before, read("invalid"));

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.changeClass()).isEqualTo(ChangeClass.BREAKING);
            assertThat(c.describe()).startsWith("new index invalid.users_code_key (INVALID");
        });
    }

    @Test
    void shouldCallARenamedTableOneBreakingRename() {
        List<ClassifiedChange> changes = classify("moves", "ALTER TABLE moves.notes RENAME TO memos");

        assertThat(changes).filteredOn(c -> c.kind().equals("table")).singleElement().satisfies(c -> {
            assertThat(c.describe()).isEqualTo("renamed table moves.notes (now moves.memos)");
            assertThat(c.changeClass()).isEqualTo(ChangeClass.BREAKING);
        });
        assertThat(changes).extracting(ClassifiedChange::describe).doesNotContain("new table moves.memos");
    }

    @Test
    void shouldSummariseAdditiveThenBreaking() {
        List<ClassifiedChange> changes = classify("mixed", """
                ALTER TABLE mixed.users ADD COLUMN nickname text;
                ALTER TABLE mixed.notes DROP COLUMN body;
                CREATE INDEX users_nickname_idx ON mixed.users (nickname);
                """);

        assertThat(ChangeClassifier.summarise(changes, 5)).isEqualTo("2 additive (new index mixed.users_nickname_idx,"
                + " new column mixed.users.nickname (nullable text)); 1 breaking (dropped column mixed.notes.body)");
        assertThat(ChangeClassifier.summarise(changes, 1)).isEqualTo("2 additive (new index mixed.users_nickname_idx,"
                + " and 1 more); 1 breaking (dropped column mixed.notes.body)");
    }

    private static List<ClassifiedChange> classify(String schema, String ddl, String... alone) {
        database.sql().execute(TABLES.formatted(schema));
        SchemaFingerprint before = read(schema);
        database.sql().execute(ddl);
        for (String statement : alone) {
            database.sql().execute(statement);
        }
        return ChangeClassifier.classify(before, read(schema));
    }

    private static SchemaFingerprint read(String schema) {
        return SchemaReader.read(pool, SchemaFilter.including(schema)).await();
    }
}
