package dev.warden.daemon.rollback;

import dev.warden.config.CodeRevertConfig;
import dev.warden.config.DownMigrationConfig;
import dev.warden.config.FeatureFlagConfig;
import dev.warden.config.HttpCallConfig;
import dev.warden.config.TargetConfig;
import dev.warden.rollback.backup.BackupMethod;
import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.swap.ClusterRestore;
import dev.warden.rollback.strategy.CodeRevertSettings;
import dev.warden.rollback.external.CommandSettings;
import dev.warden.rollback.down.DownMigrationSettings;
import dev.warden.rollback.down.DownMigrationTool;
import dev.warden.rollback.flag.FeatureFlagSettings;
import dev.warden.rollback.down.FlywayUndoRow;
import dev.warden.rollback.flag.HttpFlagSettings;
import dev.warden.rollback.external.HttpRequestSettings;
import dev.warden.rollback.flag.SqlFlagSettings;
import dev.warden.rollback.strategy.SuccessCheckSettings;
import dev.warden.rollback.flag.UnleashSettings;
import java.util.Map;
import java.util.Optional;

/** A target's configuration, read into the settings the rollback strategies take. */
final class StrategySettings {
    private StrategySettings() {
    }

    static Optional<FeatureFlagSettings> featureFlag(TargetConfig target) {
        FeatureFlagConfig config = target.rollback().featureFlag();
        return config.sql().map(sql -> FeatureFlagSettings.of(new SqlFlagSettings(sql.table(), sql.keyColumn(),
                        sql.valueColumn(), sql.key(), sql.offValue(), sql.lockTimeout())))
                .or(() -> config.unleash().map(u -> FeatureFlagSettings.of(new UnleashSettings(u.url().toString(), u.token(),
                        u.project(), u.feature(), u.environment(), u.timeout()))))
                .or(() -> config.http().map(h -> FeatureFlagSettings.of(new HttpFlagSettings(h.feature(), request(h.call()),
                        null))));
    }

    static Optional<CodeRevertSettings> codeRevert(TargetConfig target) {
        CodeRevertConfig config = target.rollback().codeRevert();
        if (!config.configured()) {
            return Optional.empty();
        }
        SuccessCheckSettings check = config.successCheck().map(c -> new SuccessCheckSettings(c.url().toString(), Map.of(),
                c.expectStatus(), c.expectBody().isEmpty() ? null : c.expectBody(), null, c.timeout(), c.interval()))
                .orElse(null);
        return Optional.of(new CodeRevertSettings(config.webhook().map(StrategySettings::request).orElse(null),
                config.command().isEmpty() ? null : new CommandSettings(config.command(), Map.of(), config.commandTimeout()),
                check));
    }

    /** @param backup the pre-rollback backup method, the target's configured one */
    static Optional<DownMigrationSettings> downMigration(TargetConfig target, BackupMethod backup) {
        DownMigrationConfig config = target.rollback().downMigration();
        return config.tool().map(tool -> new DownMigrationSettings(DownMigrationTool.valueOf(tool.name()),
                config.directory(), config.targetVersion().isEmpty() ? config.steps() : null,
                config.targetVersion().isEmpty() ? null : config.targetVersion(), null, null,
                FlywayUndoRow.valueOf(config.flywayUndoRow().name()),
                config.command().isEmpty() ? null : CommandSettings.of(config.command()), backup, config.lockTimeout(),
                config.statementTimeout()));
    }

    /**
     * How the target's restore points or command backups are restored, when it has a restore_command:
     * within the same hour a restore is given anywhere else, its present state kept first by its own backup method.
     */
    static Optional<ClusterRestore> clusterRestore(TargetConfig target, BackupMethod backup) {
        return target.snapshots().restoresCluster() && backup != null
                ? Optional.of(new ClusterRestore(new CommandSettings(target.snapshots().restoreCommand(), Map.of(),
                        RollbackOptions.defaults().restoreTimeout()), backup))
                : Optional.empty();
    }

    private static HttpRequestSettings request(HttpCallConfig call) {
        return new HttpRequestSettings(call.method(), call.url(), call.headers(),
                call.body().isEmpty() ? null : call.body(), call.timeout());
    }
}
