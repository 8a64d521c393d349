package dev.warden.checks.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class RowCounterTest {
    private static Vertx vertx;
    private static Pool pool;
    private final TestDatabase database;

    RowCounterTest(TestDatabase database) {
        this.database = database;
    }

    @BeforeAll
    static void arrange(TestDatabase database) {
        database.sql().execute("""
                CREATE SCHEMA rc;
                CREATE TABLE rc.orders (id int PRIMARY KEY);
                CREATE TABLE rc.customers (id int PRIMARY KEY);
                CREATE TABLE rc.notes (id int);
                INSERT INTO rc.orders SELECT generate_series(1, 1000);
                INSERT INTO rc.customers SELECT generate_series(1, 25);
                INSERT INTO rc.notes SELECT generate_series(1, 7);
                CREATE SCHEMA warden;
                CREATE TABLE warden.state (id int);
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
    void shouldEstimateOnlyTheCriticalTablesWhenAskedTo() {
        RowCounts counts = RowCounter.count(pool, RowCountRequest.critical("rc.orders", "rc.gone").criticalTablesOnly())
                .await();

        assertThat(counts.tables()).extracting(TableRowCount::qualifiedName).containsExactly("rc.orders", "rc.gone");
        assertThat(counts.find("rc.orders").orElseThrow().exactRows()).isEqualTo(1000L);
        assertThat(counts.find("rc.gone").orElseThrow().status()).isEqualTo(CountStatus.MISSING);
    }

    @Test
    void shouldCountOnlyTheCriticalTablesExactly() {
        RowCounts counts = RowCounter.count(pool, RowCountRequest.critical("rc.orders", "rc.customers")).await();

        assertThat(counts.find("rc.orders").orElseThrow())
                .returns(CountStatus.COUNTED, TableRowCount::status).returns(1000L, TableRowCount::exactRows);
        assertThat(counts.find("rc.customers").orElseThrow())
                .returns(CountStatus.COUNTED, TableRowCount::status).returns(25L, TableRowCount::exactRows);
        assertThat(counts.find("rc.notes").orElseThrow())
                .returns(CountStatus.ESTIMATED_ONLY, TableRowCount::status).returns(null, TableRowCount::exactRows);
        assertThat(counts.find("warden.state")).as("Warden's own schema").isEmpty();
    }

    @Test
    void shouldEstimateFromReltuplesOnceTheTableIsAnalysed() {
        database.sql().execute("""
                CREATE TABLE rc.analysed (id int) WITH (autovacuum_enabled = false);
                INSERT INTO rc.analysed SELECT generate_series(1, 5000);
                ANALYZE rc.analysed;
                """);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                RowCounter.count(pool, RowCountRequest.estimatesOnly()).await().find("rc.analysed").orElseThrow())
                .returns(5000L, TableRowCount::estimatedRows)
                .returns(EstimateSource.RELTUPLES, TableRowCount::estimateSource));
    }

    @Test
    void shouldFallBackToTheLiveTupleCounterForANeverAnalysedTable() {
        database.sql().execute("""
                CREATE TABLE rc.fresh (id int) WITH (autovacuum_enabled = false);
                INSERT INTO rc.fresh SELECT generate_series(1, 300);
                DELETE FROM rc.fresh WHERE id <= 40;
                SELECT pg_stat_force_next_flush();
                """);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                RowCounter.count(pool, RowCountRequest.estimatesOnly()).await().find("rc.fresh").orElseThrow())
                .returns(260L, TableRowCount::estimatedRows)
                .returns(EstimateSource.LIVE_TUPLES, TableRowCount::estimateSource)
                .returns(260L, TableRowCount::liveTuples)
                .returns(300L, TableRowCount::inserted)
                .returns(40L, TableRowCount::deleted));
    }

    @Test
    void shouldReportAMissingCriticalTableAsMissingNotAsAnError() {
        RowCounts counts = RowCounter.count(pool, RowCountRequest.critical("rc.nope", "ghost", "rc.orders")).await();

        assertThat(counts.find("rc.nope").orElseThrow())
                .returns(CountStatus.MISSING, TableRowCount::status).returns(null, TableRowCount::exactRows);
        assertThat(counts.find("public.ghost").orElseThrow()).returns(CountStatus.MISSING, TableRowCount::status);
        assertThat(counts.find("rc.orders").orElseThrow()).returns(1000L, TableRowCount::exactRows);
    }

    @Test
    void shouldMarkOnlyTheSlowTableTimedOutAndCountTheOthers() {
        database.sql().execute("""
                CREATE TABLE rc.big (id int) WITH (parallel_workers = 0);
                INSERT INTO rc.big SELECT generate_series(1, 2000000);
                """);
        SqlConnection connection = pool.getConnection().await();
        try {
            RowCounts counts = RowCounter.count(connection, new RowCountRequest(
                    List.of("rc.orders", "rc.big", "rc.customers"), Duration.ofMillis(30))).await();

            assertThat(counts.find("rc.big").orElseThrow())
                    .returns(CountStatus.TIMED_OUT, TableRowCount::status).returns(null, TableRowCount::exactRows);
            assertThat(counts.find("rc.big").orElseThrow().detail()).contains("57014");
            assertThat(counts.find("rc.orders").orElseThrow().exactRows()).isEqualTo(1000L);
            assertThat(counts.find("rc.customers").orElseThrow().exactRows()).isEqualTo(25L);
            assertThat(connection.query("SHOW statement_timeout").execute().await().iterator().next().getString(0))
                    .as("SET LOCAL ends with the count").isEqualTo("5s");
        } finally {
            connection.close().await();
            database.sql().execute("DROP TABLE rc.big");
        }
    }
}
