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
 * A run that ends after Warden stopped watching its target (Warden stops, or another node takes the
 * target) reaches no listener: its failure is Warden closing the pool, and its verdict belongs to whoever
 * watches next. Judged, every restart would page "could not tell".
 */
@ExtendWith(PostgresExtension.class)
class StoppedWatchingTest {

    @Test
    void shouldNotJudgeARunThatFailsBecauseWardenClosedItsPool(PostgresServer server) {
        List<CheckResult> judged = new CopyOnWriteArrayList<>();
        try (WatchedShop shop = new WatchedShop(server, "stopping", """
                      canary_queries:
                        queries:
                          - {name: slow, sql: "SELECT pg_sleep(60)", expected_value: ""}
                """, (name, result, took) -> judged.add(result))) {
            var run = shop.checks.runAll();
            await().atMost(Duration.ofSeconds(60)).until(() -> shop.target.sql().queryLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'") == 1);
            shop.checks.stopWatching();
            shop.pool.close().await();
            List<CheckResult> ended = run.await();

            // The caller of the run still hears how it ended (here the canary's own statement timeout).
            assertThat(ended).extracting(CheckResult::check).contains("canary_queries");
            assertThat(judged).as("results that reached the judge").noneMatch(r -> r.check().equals("canary_queries"));
            assertThat(shop.checks.latest()).doesNotContainKey("canary_queries");
        }
    }
}
