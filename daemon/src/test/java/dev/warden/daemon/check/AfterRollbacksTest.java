package dev.warden.daemon.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.checks.CheckResult;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A run that was under way when a rollback of its target ended looked at the database the rollback
 * replaced: the judge shows its result but does not decide on it (the CI run where a breach read before
 * a branch swap, decided on after the incident closed, started a second rollback). Runs begun after the
 * rollback are decided on as ever.
 */
@ExtendWith(PostgresExtension.class)
class AfterRollbacksTest {

    @Test
    void shouldNotDecideOnARunUnderWayWhenARollbackOfItsTargetEnded(PostgresServer server) {
        AfterRollbacks afterRollbacks = new AfterRollbacks();
        // What the judge would decide on: the results of runs no rollback overtook.
        List<CheckResult> decidedOn = new CopyOnWriteArrayList<>();
        ResultListener judge = (name, result, took) -> {
            if (!afterRollbacks.overtook(name, took)) {
                decidedOn.add(result);
            }
        };
        try (WatchedShop shop = new WatchedShop(server, "after_rollback", """
                      corruption: {enabled: false}
                      schema_drift: {enabled: false}
                      row_count_drift: {enabled: false}
                      migration_duration: {enabled: false}
                      lock_waits: {enabled: false}
                      canary_queries:
                        queries:
                          - {name: slow, sql: "SELECT 1 FROM pg_sleep(2)", expected_value: "1"}
                """, judge)) {
            var straddling = shop.checks.runAll();
            await().atMost(Duration.ofSeconds(60)).until(() -> shop.target.sql().queryLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT 1 FROM pg_sleep(2)'") == 1);
            afterRollbacks.rollbackEnded("shop");
            assertThat(straddling.await()).extracting(CheckResult::check).contains("canary_queries");
            assertThat(decidedOn).as("results to decide on: the quick checks had ended before the rollback did")
                    .extracting(CheckResult::check).isNotEmpty().doesNotContain("canary_queries");
            decidedOn.clear();

            afterRollbacks.rollbackEnded("another target");
            shop.checks.runAll().await();
            assertThat(decidedOn).as("results of a run begun after it, and after another target's rollback")
                    .extracting(CheckResult::check)
                    .contains("canary_queries");
        }
    }
}
