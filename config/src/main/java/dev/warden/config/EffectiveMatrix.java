package dev.warden.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The decision matrix as one target can carry it out: each rule answered by its own strategy when
 * the target has the settings that strategy needs, else by the rule's fallback. The one place that
 * says which settings each strategy needs; validation, the decision engine, the start-up log and
 * {@code GET /api/targets} all read it.
 */
public final class EffectiveMatrix {
    private final String target;
    private final List<Row> rows;

    /**
     * One rule on this target. {@code why} says why the fallback answers (what the strategy lacks),
     * or, for a rule without a usable fallback, what it lacks; null when the rule runs as written.
     */
    public record Row(DecisionRule rule, boolean fallbackUsed, String why) {
        /** The rule as it acts on this target: as written, or answered by its fallback. */
        public DecisionRule applied() {
            return fallbackUsed ? rule.answeredByFallback() : rule;
        }
    }

    private EffectiveMatrix(String target, List<Row> rows) {
        this.target = target;
        this.rows = List.copyOf(rows);
    }

    public static EffectiveMatrix of(List<DecisionRule> matrix, TargetConfig target) {
        List<Row> rows = new ArrayList<>();
        for (DecisionRule rule : matrix) {
            List<String> lacking = needed(rule, target);
            if (lacking.isEmpty()) {
                rows.add(new Row(rule, false, null));
            } else {
                boolean fallback = rule.fallback().filter(f -> missing(f, target).isEmpty()).isPresent();
                rows.add(new Row(rule, fallback, name(rule.strategy()) + " needs " + String.join(" and ", lacking)));
            }
        }
        return new EffectiveMatrix(target.name(), rows);
    }

    /** What {@code rule} needs on {@code target} and does not find there; a rule in freeze mode only pages. */
    static List<String> needed(DecisionRule rule, TargetConfig target) {
        return rule.mode() == DecisionMode.FREEZE ? List.of() : missing(rule.strategy(), target);
    }

    /**
     * The settings {@code strategy} needs that {@code target} lacks, as key paths below the target,
     * each with what it must hold; empty when the strategy can run there.
     */
    public static List<String> missing(StrategyKind strategy, TargetConfig target) {
        RollbackTargetConfig rollback = target.rollback();
        BackupKind backup = target.snapshots().backup();
        List<String> lacking = new ArrayList<>();
        switch (strategy) {
            case FEATURE_FLAG -> {
                if (!rollback.featureFlag().configured()) {
                    lacking.add("rollback.feature_flag (one of sql, unleash, http)");
                }
            }
            case CODE_REVERT -> {
                if (!rollback.codeRevert().configured()) {
                    lacking.add("rollback.code_revert (a webhook or a command)");
                }
            }
            case DOWN_MIGRATION -> {
                if (rollback.downMigration().tool().isEmpty()) {
                    lacking.add("rollback.down_migration.tool");
                }
                if (backup == BackupKind.NONE) {
                    lacking.add("snapshots.backup (clone, dump, command or restore_point, for the pre-rollback backup)");
                }
            }
            case BRANCH_SWAP -> {
                if (backup.restoredByCommand() && !target.snapshots().restoresCluster()) {
                    lacking.add("snapshots.restore_command (what restores a " + name(backup) + " backup)");
                } else if (backup != BackupKind.CLONE && backup != BackupKind.DUMP && !backup.restoredByCommand()) {
                    lacking.add("snapshots.backup: clone or dump, or restore_point or command with a"
                            + " snapshots.restore_command (the backup it restores), not " + name(backup));
                }
            }
            case FULL_ROLLBACK -> {
                if (backup != BackupKind.CLONE && backup != BackupKind.DUMP) {
                    lacking.add("snapshots.backup: clone or dump (the backup it restores beside the read-only target),"
                            + " not " + name(backup));
                }
            }
            case READ_ONLY, FREEZE -> {
            }
        }
        return lacking;
    }

    public String target() {
        return target;
    }

    public List<Row> rows() {
        return rows;
    }

    /** The rules as they act on this target, for the decision engine. */
    public List<DecisionRule> applied() {
        return rows.stream().map(Row::applied).toList();
    }

    /** One readable line: each rule with the strategy that answers it here, and why a fallback does. */
    public String describe() {
        if (rows.isEmpty()) {
            return "Decision matrix of " + target + ": empty (breaches are alerted, never acted on)";
        }
        return "Decision matrix of " + target + ": " + rows.stream().map(row -> {
            DecisionRule rule = row.rule();
            String cell = name(rule.issue()) + "/" + name(rule.severity()) + " -> " + name(row.applied().strategy())
                    + (rule.mode() == DecisionMode.AUTO ? "" : " (" + name(rule.mode()) + ")");
            return row.why() == null ? cell : cell + " (" + (row.fallbackUsed() ? "fallback: " : "cannot run: ")
                    + row.why() + ")";
        }).collect(Collectors.joining("; "));
    }

    static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
