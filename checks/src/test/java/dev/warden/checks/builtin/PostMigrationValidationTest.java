package dev.warden.checks.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.checks.Check;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.LockWaitSampler;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.config.IssueType;
import dev.warden.config.LaggingSequencesConfig;
import dev.warden.config.Severity;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The runbooks' post-migration validation on a real server: schema {@code broken} holds what a failed
 * migration leaves (an index INVALID after a failed CREATE UNIQUE INDEX CONCURRENTLY on duplicate data,
 * constraints added NOT VALID, a sequence set back behind its column); schema {@code healthy} holds the
 * same objects done right; schema {@code busy} holds the broken kind on a table a migration locks.
 */
@ExtendWith(PostgresExtension.class)
class PostMigrationValidationTest {
    private static final SchemaFilter HEALTHY = SchemaFilter.including("healthy");
    private static final SchemaFilter BROKEN = SchemaFilter.including("broken");
    private static final SchemaFilter BUSY = SchemaFilter.including("busy", "healthy");

    private static TestDatabase database;
    private static CheckHarness harness;

    @BeforeAll
    static void start(TestDatabase testDatabase) {
        database = testDatabase;
        database.sql().execute("""
                CREATE SCHEMA healthy;
                CREATE TABLE healthy.accounts (id bigserial PRIMARY KEY, email text NOT NULL);
                INSERT INTO healthy.accounts (email) SELECT 'a' || g || '@example.com' FROM generate_series(1, 200) g;
                CREATE TABLE healthy.orders (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id bigint,
                                             amount int);
                INSERT INTO healthy.orders (account_id, amount) SELECT g, g FROM generate_series(1, 200) g;
                ALTER TABLE healthy.orders ADD CONSTRAINT orders_account_fk FOREIGN KEY (account_id)
                    REFERENCES healthy.accounts (id) NOT VALID;
                ALTER TABLE healthy.orders VALIDATE CONSTRAINT orders_account_fk;
                ALTER TABLE healthy.orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0) NOT VALID;
                ALTER TABLE healthy.orders VALIDATE CONSTRAINT orders_amount_positive;

                CREATE SCHEMA broken;
                CREATE TABLE broken.users (id serial PRIMARY KEY, email text);
                INSERT INTO broken.users (email) SELECT 'u' || (g % 50) || '@example.com' FROM generate_series(1, 200) g;
                ALTER TABLE broken.users ADD CONSTRAINT users_email_present CHECK (email IS NOT NULL) NOT VALID;
                CREATE TABLE broken.orders (id bigserial PRIMARY KEY, user_id int);
                INSERT INTO broken.orders (user_id) SELECT g FROM generate_series(1, 200) g;
                ALTER TABLE broken.orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id)
                    REFERENCES broken.users (id) NOT VALID;
                SELECT setval('broken.users_id_seq', 1);

                CREATE SCHEMA busy;
                CREATE TABLE busy.events (id serial PRIMARY KEY, kind text);
                INSERT INTO busy.events (kind) SELECT 'same' FROM generate_series(1, 20);
                ALTER TABLE busy.events ADD CONSTRAINT events_kind_short CHECK (length(kind) < 10) NOT VALID;
                SELECT setval('busy.events_id_seq', 1);
                """);
        // A concurrent build cannot run in a transaction block: each goes alone. Duplicates make both fail.
        for (String index : List.of("broken.users (email)", "busy.events (kind)")) {
            String name = index.startsWith("broken") ? "users_email_key" : "events_kind_key";
            assertThatThrownBy(() -> database.sql().execute("CREATE UNIQUE INDEX CONCURRENTLY " + name + " ON " + index))
                    .hasMessageContaining("could not create unique index");
        }
        database.sql().execute("CREATE UNIQUE INDEX CONCURRENTLY accounts_email_key ON healthy.accounts (email)");
        harness = new CheckHarness(testDatabase);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void shouldBreachOnAnIndexLeftInvalidByAFailedConcurrentBuild() {
        CheckResult result = harness.run(new InvalidIndexesCheck(BROKEN));

        assertBreach(result, IssueType.SCHEMA_MISMATCH, Severity.MEDIUM);
        assertThat(result.summary()).startsWith("index broken.users_email_key on broken.users is INVALID")
                .contains("REINDEX INDEX CONCURRENTLY broken.users_email_key (remove the duplicate keys first)")
                .contains("DROP INDEX CONCURRENTLY broken.users_email_key");
        assertThat(objects(result)).singleElement().satisfies(index -> assertThat(index)
                .containsEntry("index", "broken.users_email_key").containsEntry("table", "broken.users")
                .containsEntry("unique", true)
                .containsEntry("definition", "CREATE UNIQUE INDEX users_email_key ON broken.users USING btree (email)"));
    }

    @Test
    void shouldBreachOnConstraintsLeftNotValid() {
        CheckResult result = harness.run(new NotValidConstraintsCheck(BROKEN));

        assertBreach(result, IssueType.DATA_CORRUPTION, Severity.LOW);
        assertThat(result.summary()).startsWith("foreign key constraint orders_user_fk on broken.orders is NOT VALID")
                .endsWith("ALTER TABLE broken.orders VALIDATE CONSTRAINT orders_user_fk (and 1 more)");
        assertThat(objects(result)).extracting(c -> c.get("constraint"), c -> c.get("kind"), c -> c.get("repair"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("orders_user_fk", "foreign key",
                                "ALTER TABLE broken.orders VALIDATE CONSTRAINT orders_user_fk"),
                        org.assertj.core.groups.Tuple.tuple("users_email_present", "check",
                                "ALTER TABLE broken.users VALIDATE CONSTRAINT users_email_present"));
        assertThat(objects(result).get(0)).containsEntry("referenced_table", "broken.users")
                .containsEntry("definition", "FOREIGN KEY (user_id) REFERENCES broken.users(id) NOT VALID");
    }

    @Test
    void shouldBreachOnASequenceBehindItsColumnsMaximum() {
        CheckResult result = harness.run(laggingSequences(BROKEN));

        assertBreach(result, IssueType.QUERY_ERRORS, Severity.MEDIUM);
        assertThat(result.summary()).isEqualTo("sequence broken.users_id_seq is behind broken.users.id: its next value"
                + " 2 is at most the column's maximum 200, so the next insert collides:"
                + " SELECT setval('broken.users_id_seq', (SELECT max(id) FROM broken.users))");
        assertThat(objects(result)).singleElement().satisfies(sequence -> assertThat(sequence)
                .containsEntry("last_value", 1L).containsEntry("next_value", 2L).containsEntry("column_max", 200L));
        assertThat(result.evidence()).containsEntry("sequences_total", 2).containsEntry("compared", 2);
    }

    @Test
    void shouldStayQuietOnHealthyIndexesConstraintsAndSequences() {
        CheckResult indexes = harness.run(new InvalidIndexesCheck(HEALTHY));
        CheckResult constraints = harness.run(new NotValidConstraintsCheck(HEALTHY));
        CheckResult sequences = harness.run(laggingSequences(HEALTHY));

        assertThat(List.of(indexes, constraints, sequences)).allSatisfy(result ->
                assertThat(result.status()).as(result.summary()).isEqualTo(CheckStatus.OK));
        assertThat(indexes.summary()).isEqualTo("no INVALID index");
        assertThat(constraints.summary()).isEqualTo("no NOT VALID constraint");
        assertThat(sequences.summary()).isEqualTo("2 of 2 owned sequences compared with their column, none behind");
    }

    @Test
    void shouldSkipWhatAMigrationLocksWithoutWaitingAndJudgeItOnceTheLockIsGone() throws Exception {
        try (Connection migration = database.sql().connect();
             LockWaitSampler sampler = LockWaitSampler.start(database.sql())) {
            migration.setAutoCommit(false);
            migration.createStatement().execute("LOCK TABLE busy.events IN ACCESS EXCLUSIVE MODE");

            List<CheckResult> results = List.of(harness.run(new InvalidIndexesCheck(BUSY)),
                    harness.run(new NotValidConstraintsCheck(BUSY)), harness.run(laggingSequences(BUSY)));

            assertThat(results).allSatisfy(result -> {
                assertThat(result.status()).as(result.summary()).isEqualTo(CheckStatus.OK);
                assertThat(result.summary()).contains("1 skipped").contains("AccessExclusiveLock held by pid");
                assertThat(result.evidence()).containsEntry("skipped_count", 1);
            });
            assertThat(skipped(results.get(0))).singleElement().satisfies(s ->
                    assertThat(s).containsEntry("object", "busy.events_kind_key"));
            assertThat(skipped(results.get(1))).singleElement().satisfies(s ->
                    assertThat(s).containsEntry("object", "events_kind_short on busy.events"));
            assertThat(skipped(results.get(2))).singleElement().satisfies(s ->
                    assertThat(s).containsEntry("object", "busy.events_id_seq (busy.events.id)"));
            assertThat(sampler.waitingSamples()).as("samples with a waiting warden session").isZero();
            migration.rollback();
        }

        assertThat(List.of(harness.run(new InvalidIndexesCheck(BUSY)), harness.run(new NotValidConstraintsCheck(BUSY)),
                harness.run(laggingSequences(BUSY)))).allSatisfy(result -> assertThat(result.status())
                .as(result.summary()).isEqualTo(CheckStatus.BREACH));
    }

    @Test
    void shouldReadAtMostMaxSequencesPerRunAndCarryOnAfterTheLast() {
        LaggingSequencesCheck check = new LaggingSequencesCheck(new LaggingSequencesConfig(
                TargetConfigs.DEFAULT_CHECKS.laggingSequences().schedule(), 1, Duration.ofSeconds(1)), BROKEN);

        CheckResult first = harness.run(check);
        CheckResult second = harness.run(check);

        assertThat(List.of(first, second)).allSatisfy(result -> {
            assertThat(result.evidence()).containsEntry("compared", 1);
            assertThat(skipped(result)).singleElement().satisfies(s -> assertThat(s)
                    .containsEntry("object", "1 more sequences"));
        });
        assertThat(List.of(first.status(), second.status())).as("users_id_seq lags, orders_id_seq does not")
                .containsExactlyInAnyOrder(CheckStatus.OK, CheckStatus.BREACH);
    }

    private static LaggingSequencesCheck laggingSequences(SchemaFilter filter) {
        return new LaggingSequencesCheck(TargetConfigs.DEFAULT_CHECKS.laggingSequences(), filter);
    }

    private static void assertBreach(CheckResult result, IssueType issue, Severity severity) {
        assertThat(result.status()).as(result.summary()).isEqualTo(CheckStatus.BREACH);
        assertThat(result.issue()).isEqualTo(issue);
        assertThat(result.severity()).isEqualTo(severity);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(CheckResult result) {
        return (List<Map<String, Object>>) result.evidence().get("objects");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> skipped(CheckResult result) {
        return (List<Map<String, Object>>) result.evidence().get("skipped");
    }
}
