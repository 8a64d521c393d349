package dev.warden.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.config.schema.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decision matrix: user rows merged into the defaults, and what each target can carry out. */
class DecisionRuleTest {
    private static final String BARE_TARGET = "targets: [{name: orders, url: \"postgres://h/orders\"}]\n";

    @Test
    void oneUserRowKeepsTheDefaults() {
        WardenConfig config = parse(BARE_TARGET + """
                decision_matrix:
                  - {issue: data_corruption, severity: high, strategy: read_only, time_budget: 5m}
                """);

        assertThat(config.decisionMatrix()).hasSize(6).containsAll(DecisionRule.DEFAULTS);
        assertThat(config.decisionMatrix().get(5)).isEqualTo(new DecisionRule(IssueType.DATA_CORRUPTION, Severity.HIGH,
                StrategyKind.READ_ONLY, Duration.ofMinutes(5), DecisionMode.AUTO, 3, Duration.ofMinutes(30)));
        assertThat(config.decisionMatrix()).filteredOn(rule -> rule.issue() == IssueType.DATA_CORRUPTION
                && rule.severity() == Severity.CRITICAL).extracting(DecisionRule::strategy)
                .containsExactly(StrategyKind.FULL_ROLLBACK);
    }

    @Test
    void aUserRowReplacesTheDefaultOfTheSameIssueAndSeverityInItsPlace() {
        WardenConfig config = parse(BARE_TARGET + """
                decision_matrix:
                  - {issue: performance_degradation, severity: medium, strategy: read_only, time_budget: 2m, mode: approve}
                """);

        assertThat(config.decisionMatrix()).extracting(DecisionRule::strategy).containsExactly(StrategyKind.CODE_REVERT,
                StrategyKind.BRANCH_SWAP, StrategyKind.READ_ONLY, StrategyKind.FULL_ROLLBACK, StrategyKind.FEATURE_FLAG);
        DecisionRule replaced = config.decisionMatrix().get(2);
        assertThat(replaced.mode()).isEqualTo(DecisionMode.APPROVE);
        assertThat(replaced.timeBudget()).isEqualTo(Duration.ofMinutes(2));
        assertThat(replaced.fallback()).isEmpty();
    }

    @Test
    void anExplicitEmptyStartUsesTheUserRowsAlone() {
        WardenConfig only = parse(BARE_TARGET + """
                decision_matrix_defaults: false
                decision_matrix:
                  - {issue: data_corruption, severity: critical, strategy: read_only, time_budget: 5m}
                """);
        WardenConfig none = parse(BARE_TARGET + "decision_matrix_defaults: false\n");

        assertThat(only.decisionMatrix()).extracting(DecisionRule::strategy).containsExactly(StrategyKind.READ_ONLY);
        assertThat(none.decisionMatrix()).isEmpty();
        assertThat(none.effectiveMatrix(none.targets().get(0)).describe())
                .isEqualTo("Decision matrix of orders: empty (breaches are alerted, never acted on)");
    }

    @Test
    void theDefaultsFallBackToFreezeOnATargetWithoutSettings() {
        WardenConfig config = parse(BARE_TARGET);

        EffectiveMatrix matrix = config.effectiveMatrix(config.targets().get(0));

        assertThat(matrix.rows()).extracting(EffectiveMatrix.Row::fallbackUsed).containsOnly(true);
        assertThat(matrix.applied()).extracting(DecisionRule::strategy).containsOnly(StrategyKind.FREEZE);
        assertThat(matrix.rows().get(2).why()).isEqualTo("feature_flag needs rollback.feature_flag (one of sql, unleash, http)");
        assertThat(matrix.describe()).isEqualTo("Decision matrix of orders: "
                + "query_errors/high -> freeze (fallback: code_revert needs rollback.code_revert (a webhook or a command)); "
                + "schema_mismatch/high -> freeze (fallback: branch_swap needs snapshots.backup: clone or dump,"
                + " or restore_point or command with a snapshots.restore_command (the backup it restores), not none); "
                + "performance_degradation/medium -> freeze (fallback: feature_flag needs rollback.feature_flag"
                + " (one of sql, unleash, http)); "
                + "data_corruption/critical -> freeze (fallback: full_rollback needs snapshots.backup: clone or dump"
                + " (the backup it restores beside the read-only target), not none); "
                + "partial_feature_failure/low -> freeze (fallback: feature_flag needs rollback.feature_flag"
                + " (one of sql, unleash, http))");
    }

    @Test
    void theDefaultsRunAsWrittenOnATargetWithTheSettings() {
        WardenConfig config = parse("""
                targets:
                  - name: orders
                    url: "postgres://h/orders"
                    snapshots: {backup: dump}
                    rollback:
                      feature_flag: {sql: {table: public.flags, key: checkout}}
                      code_revert: {command: [deploy, rollback]}
                """);

        EffectiveMatrix matrix = config.effectiveMatrix(config.targets().get(0));

        assertThat(matrix.rows()).extracting(EffectiveMatrix.Row::fallbackUsed).containsOnly(false);
        assertThat(matrix.rows()).extracting(EffectiveMatrix.Row::why).containsOnlyNulls();
        assertThat(matrix.applied()).isEqualTo(DecisionRule.DEFAULTS);
    }

    @Test
    void aRuleWithAFallbackUsesItOnlyWhereTheStrategyCannotRun() {
        WardenConfig config = parse("""
                targets:
                  - {name: orders, url: "postgres://h/orders", snapshots: {backup: clone}}
                  - {name: billing, url: "postgres://h/billing"}
                decision_matrix:
                  - {issue: schema_mismatch, severity: high, strategy: branch_swap, time_budget: 10m, fallback: read_only}
                """);

        EffectiveMatrix orders = config.effectiveMatrix(config.targets().get(0));
        EffectiveMatrix billing = config.effectiveMatrix(config.targets().get(1));

        assertThat(orders.rows().get(1).fallbackUsed()).isFalse();
        assertThat(orders.applied().get(1).strategy()).isEqualTo(StrategyKind.BRANCH_SWAP);
        assertThat(billing.rows().get(1).fallbackUsed()).isTrue();
        assertThat(billing.applied().get(1)).isEqualTo(new DecisionRule(IssueType.SCHEMA_MISMATCH, Severity.HIGH,
                StrategyKind.READ_ONLY, Duration.ofMinutes(10), DecisionMode.AUTO, 3, Duration.ofMinutes(30)));
    }

    @Test
    void aStrategyATargetCannotCarryOutWithoutAFallbackNamesTheTargetTheRuleAndTheSettings() {
        assertThat(problems("""
                targets:
                  - name: orders
                    url: "postgres://h/orders"
                  - name: billing
                    url: "postgres://h/billing"
                    rollback: {feature_flag: {sql: {table: public.flags, key: checkout}}}
                decision_matrix:
                  - {issue: performance_degradation, severity: medium, strategy: feature_flag, time_budget: 1m}
                  - {issue: schema_mismatch, severity: critical, strategy: down_migration, time_budget: 5m}
                  - {issue: data_corruption, severity: critical, strategy: full_rollback, time_budget: 5m, mode: freeze}
                """)).containsExactly(
                "decision_matrix[0]: strategy feature_flag cannot run on target \"orders\": it needs"
                        + " targets[0].rollback.feature_flag (one of sql, unleash, http); give the target those settings"
                        + " or the rule a fallback (e.g. fallback: freeze)",
                "decision_matrix[1]: strategy down_migration cannot run on target \"orders\": it needs"
                        + " targets[0].rollback.down_migration.tool and targets[0].snapshots.backup (clone, dump,"
                        + " command or restore_point, for the pre-rollback backup); give the target those settings or the rule a"
                        + " fallback (e.g. fallback: freeze)",
                "decision_matrix[1]: strategy down_migration cannot run on target \"billing\": it needs"
                        + " targets[1].rollback.down_migration.tool and targets[1].snapshots.backup (clone, dump,"
                        + " command or restore_point, for the pre-rollback backup); give the target those settings or the rule a"
                        + " fallback (e.g. fallback: freeze)");
    }

    @Test
    void aFallbackMustBeRunnableItself() {
        assertThat(problems("""
                targets: [{name: orders, url: "postgres://h/orders", snapshots: {backup: command, backup_command: [snap]}}]
                decision_matrix:
                  - {issue: schema_mismatch, severity: high, strategy: branch_swap, time_budget: 10m, fallback: code_revert}
                """)).containsExactly("decision_matrix[0].fallback: strategy code_revert cannot run on target \"orders\""
                + " either: it needs targets[0].rollback.code_revert (a webhook or a command); freeze and read_only need"
                + " no settings");
    }

    @Test
    void aCommandBackupIsRestoredByBranchSwapOnlyThroughARestoreCommand() {
        TargetConfig target = parse("""
                targets: [{name: orders, url: "postgres://h/orders", snapshots: {backup: command, backup_command: [snap]}}]
                """).targets().get(0);

        assertThat(EffectiveMatrix.missing(StrategyKind.BRANCH_SWAP, target))
                .containsExactly("snapshots.restore_command (what restores a command backup)");
        assertThat(EffectiveMatrix.missing(StrategyKind.FULL_ROLLBACK, target))
                .containsExactly("snapshots.backup: clone or dump (the backup it restores beside the read-only target),"
                        + " not command");
        assertThat(EffectiveMatrix.missing(StrategyKind.DOWN_MIGRATION, target))
                .containsExactly("rollback.down_migration.tool");
        assertThat(EffectiveMatrix.missing(StrategyKind.FREEZE, target)).isEmpty();
        assertThat(EffectiveMatrix.missing(StrategyKind.READ_ONLY, target)).isEmpty();
    }

    @Test
    void aRestorePointWithARestoreCommandIsWhatBranchSwapRestoresAndDownMigrationKeeps() {
        WardenConfig config = parse("""
                state: {url: "postgres://other/warden"}
                targets:
                  - name: orders
                    url: "postgres://h/orders"
                    snapshots: {backup: restore_point, restore_command: [restore.sh]}
                    rollback: {down_migration: {tool: golang_migrate, directory: /m}}
                """);
        TargetConfig target = config.targets().get(0);

        assertThat(EffectiveMatrix.missing(StrategyKind.BRANCH_SWAP, target)).isEmpty();
        assertThat(EffectiveMatrix.missing(StrategyKind.DOWN_MIGRATION, target)).isEmpty();
        assertThat(target.snapshots().restoresCluster()).isTrue();
    }

    @Test
    void theDefaultsCarryFreezeAsTheirFallback() {
        assertThat(DecisionRule.DEFAULTS).extracting(DecisionRule::fallback).containsOnly(Optional.of(StrategyKind.FREEZE));
    }

    private static WardenConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "f", Map.of());
    }

    private static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected the configuration to be refused");
    }
}
