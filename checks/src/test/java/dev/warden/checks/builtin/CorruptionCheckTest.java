package dev.warden.checks.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.LockWaitSampler;
import dev.warden.config.CorruptionConfig;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class CorruptionCheckTest {
    /** Two tables, their primary keys and one secondary index: five relations to verify. */
    private static final Set<String> RELATIONS = Set.of("public.customers", "public.customers_pkey",
            "public.customers_email_idx", "public.visits", "public.visits_pkey");

    private static TestDatabase database;
    private static CheckHarness harness;

    @BeforeAll
    static void start(TestDatabase testDatabase) {
        database = testDatabase;
        database.sql().execute("""
                CREATE EXTENSION amcheck;
                CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL);
                INSERT INTO customers SELECT g, 'c' || g || '@example.com' FROM generate_series(1, 2000) g;
                CREATE INDEX customers_email_idx ON customers (email);
                CREATE TABLE visits (id bigint PRIMARY KEY, at timestamptz DEFAULT now());
                INSERT INTO visits (id) SELECT generate_series(1, 500);
                """);
        harness = new CheckHarness(testDatabase);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void shouldVerifyEveryIndexAndTableOfAHealthyDatabase() {
        CheckResult result = harness.run(new CorruptionCheck(TargetConfigs.DEFAULT_CHECKS.corruption()));

        assertThat(result.status()).as(result.summary()).isEqualTo(CheckStatus.OK);
        assertThat(result.summary()).isEqualTo("verified 5 of 5 relations checked this run (5 in all); full pass completed at "
                + result.evidence().get("last_full_pass_completed_at"));
        assertThat(checked(result)).extracting(c -> c.get("relation")).containsExactlyInAnyOrderElementsOf(RELATIONS);
        assertThat(checked(result)).allSatisfy(c -> assertThat(c).containsEntry("outcome", "VERIFIED"));
        assertThat(result.evidence()).containsEntry("heap_check", true).containsEntry("new_checksum_failures", 0L)
                .containsEntry("outcomes", Map.of("VERIFIED", 5L)).containsEntry("resumed_after_oid", 0L)
                .containsEntry("full_passes_completed", 1L).containsEntry("pass_relations_done", 0L);
    }

    @Test
    void shouldRotateThroughTheRelationsWhenTheBudgetAllowsOnlyOnePerRun() {
        CorruptionCheck check = new CorruptionCheck(new CorruptionConfig(
                TargetConfigs.DEFAULT_CHECKS.corruption().schedule(), Duration.ofNanos(1)));
        List<Object> seen = new ArrayList<>();

        List<CheckResult> results = new ArrayList<>();
        for (int run = 0; run < RELATIONS.size() + 1; run++) {
            CheckResult result = harness.run(check);
            assertThat(result.status()).isEqualTo(CheckStatus.OK);
            assertThat(checked(result)).hasSize(1);
            seen.add(checked(result).get(0).get("relation"));
            results.add(result);
        }

        assertThat(new HashSet<>(seen.subList(0, RELATIONS.size()))).isEqualTo(RELATIONS);
        assertThat(seen.get(RELATIONS.size())).as("the sixth run starts the rotation again").isEqualTo(seen.get(0));
        assertThat(results.get(0).summary()).isEqualTo("verified 1 of 1 relations checked this run (5 in all);"
                + " this pass at 1 of 5 (20%), no full pass completed yet");
        assertThat(results.get(1).evidence()).containsEntry("resumed_after_oid", results.get(0).evidence().get("stopped_at_oid"));
        assertThat(results.get(4).summary()).isEqualTo("verified 1 of 1 relations checked this run (5 in all);"
                + " full pass completed at " + results.get(4).evidence().get("last_full_pass_completed_at"));
        assertThat(results.get(5).summary()).isEqualTo("verified 1 of 1 relations checked this run (5 in all);"
                + " this pass at 1 of 5 (20%), last full pass completed at "
                + results.get(4).evidence().get("last_full_pass_completed_at"));
        assertThat(results.get(5).evidence()).containsEntry("full_passes_completed", 1L)
                .containsEntry("resumed_after_oid", 0L);
    }

    @Test
    void shouldSkipARelationAMigrationLocksWithoutWaitingForIt() throws Exception {
        try (Connection migration = database.sql().connect();
             LockWaitSampler sampler = LockWaitSampler.start(database.sql())) {
            migration.setAutoCommit(false);
            migration.createStatement().execute("LOCK TABLE visits IN ACCESS EXCLUSIVE MODE");

            CheckResult result = harness.run(new CorruptionCheck(TargetConfigs.DEFAULT_CHECKS.corruption()));

            assertThat(result.status()).as(result.summary()).isEqualTo(CheckStatus.OK);
            assertThat(checked(result)).filteredOn(c -> c.get("outcome").equals("SKIPPED_LOCKED"))
                    .extracting(c -> c.get("relation")).containsExactlyInAnyOrder("public.visits", "public.visits_pkey");
            assertThat(sampler.waitingSamples()).as("samples with a waiting warden session").isZero();
            migration.rollback();
        }
    }

    @Test
    void shouldBeInconclusiveAndSayHowToEnableAmcheckWhenItIsMissing() {
        TestDatabase bare = database.server().createDatabase("no_amcheck");
        try (CheckHarness onBare = new CheckHarness(bare)) {
            CheckResult result = onBare.run(new CorruptionCheck(TargetConfigs.DEFAULT_CHECKS.corruption()));

            assertThat(result.status()).isEqualTo(CheckStatus.INCONCLUSIVE);
            assertThat(result.summary()).contains("amcheck extension is not installed")
                    .contains("CREATE EXTENSION amcheck;");
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> checked(CheckResult result) {
        return (List<Map<String, Object>>) result.evidence().get("checked");
    }
}
