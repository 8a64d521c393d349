package dev.warden.daemon.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.warden.config.ConfigLoader;
import dev.warden.config.EffectiveMatrix;
import dev.warden.config.StrategyKind;
import dev.warden.config.WardenConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 13 part 2: which strategies a drill runs, and the budget each is held to. */
class DrilledStrategyTest {
    private static final String CONFIG = """
            decision_matrix:
              - {issue: schema_mismatch, severity: high, strategy: branch_swap, time_budget: 10m}
              - {issue: schema_mismatch, severity: critical, strategy: branch_swap, time_budget: 2m}
              - {issue: query_errors, severity: high, strategy: read_only, time_budget: 1m}
            decision_matrix_defaults: false
            targets:
              - name: shop
                url: "postgres://warden@127.0.0.1:5432/shop"
                snapshots: {backup: clone}
            """;

    private static EffectiveMatrix matrix() {
        WardenConfig config = ConfigLoader.parse(CONFIG, "warden.yaml", Map.of());
        return config.effectiveMatrix(config.target("shop").orElseThrow());
    }

    @Test
    void shouldHoldAStrategyToTheTightestBudgetOfTheRulesItAnswers() {
        List<DrilledStrategy> drilled = DrilledStrategy.of(matrix(), null);

        assertThat(drilled).hasSize(1);
        DrilledStrategy branchSwap = drilled.get(0);
        assertThat(branchSwap.kind()).isEqualTo(StrategyKind.BRANCH_SWAP);
        assertThat(branchSwap.budget()).isEqualTo(Duration.ofMinutes(2));
        assertThat(branchSwap.rules()).containsExactly("schema_mismatch/high", "schema_mismatch/critical");
        assertThat(branchSwap.notDrilled()).isNull();
    }

    @Test
    void shouldHoldEveryStrategyToTheOperatorsBudgetWhenGiven() {
        assertThat(DrilledStrategy.of(matrix(), Duration.ofSeconds(30))).extracting(DrilledStrategy::budget)
                .containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void shouldDrillDownMigrationAndFullRollbacksDatabasePartButNotWhatActsOutsideTheDatabase() {
        WardenConfig config = ConfigLoader.parse("""
                decision_matrix:
                  - {issue: schema_mismatch, severity: critical, strategy: down_migration, time_budget: 5m}
                  - {issue: data_corruption, severity: critical, strategy: full_rollback, time_budget: 15m}
                  - {issue: performance_degradation, severity: medium, strategy: feature_flag, time_budget: 1m}
                decision_matrix_defaults: false
                targets:
                  - name: shop
                    url: "postgres://warden@127.0.0.1:5432/shop"
                    snapshots: {backup: clone}
                    rollback:
                      down_migration: {tool: flyway, directory: sql}
                      feature_flag: {sql: {table: flags, key: checkout}}
                """, "warden.yaml", Map.of());

        List<DrilledStrategy> drilled = DrilledStrategy.of(config.effectiveMatrix(config.target("shop").orElseThrow()),
                null);

        assertThat(drilled).extracting(DrilledStrategy::name, DrilledStrategy::notDrilled).containsExactlyInAnyOrder(
                tuple("down_migration", null), tuple("full_rollback", null),
                tuple("feature_flag", "it acts outside the database (a deploy, a flag), which a copy cannot show"));
        assertThat(drilled).filteredOn(d -> d.kind() == StrategyKind.FULL_ROLLBACK).extracting(DrilledStrategy::outside)
                .containsExactly(DrilledStrategy.FULL_ROLLBACK_OUTSIDE);
        assertThat(drilled).filteredOn(d -> d.kind() == StrategyKind.DOWN_MIGRATION).extracting(DrilledStrategy::outside)
                .containsOnlyNulls();
    }
}
