package dev.warden.checks.builtin;

import dev.warden.checks.Check;
import dev.warden.checks.ScheduledCheck;
import dev.warden.checks.schema.FingerprintMemory;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.config.CheckSchedule;
import dev.warden.config.ChecksConfig;
import dev.warden.config.TargetConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in checks a target's configuration enables, each with its schedule. A check with nothing
 * to watch (no critical tables, no canaries, no endpoints) is left out. Each call makes new instances:
 * keep one list per target, since some checks remember what they saw last time.
 */
public final class BuiltInChecks {
    private BuiltInChecks() {
    }

    public static List<ScheduledCheck> forTarget(TargetConfig target) {
        return forTarget(target, FingerprintMemory.NONE);
    }

    /** With {@code schemaMemory}, schema_drift's incremental fingerprint outlives the process. */
    public static List<ScheduledCheck> forTarget(TargetConfig target, FingerprintMemory schemaMemory) {
        return forTarget(target, schemaMemory, Repetition.CYCLES);
    }

    public static List<ScheduledCheck> forTarget(TargetConfig target, FingerprintMemory schemaMemory,
                                                 Repetition repetition) {
        ChecksConfig checks = target.checks();
        SchemaFilter schemas = new SchemaFilter(target.snapshots().includeSchemas(), target.snapshots().excludeSchemas());
        List<ScheduledCheck> enabled = new ArrayList<>();
        if (!target.criticalTables().isEmpty()) {
            add(enabled, checks.rowCountDrift().schedule(), new RowCountDriftCheck(checks.rowCountDrift(),
                    target.criticalTables(), target.snapshots().exactCountTimeout()));
        }
        add(enabled, checks.lockWaits().schedule(), new LockWaitsCheck(checks.lockWaits()));
        add(enabled, checks.migrationDuration().schedule(), new MigrationDurationCheck(checks.migrationDuration(), repetition));
        add(enabled, checks.schemaDrift().schedule(), new SchemaDriftCheck(schemas, schemaMemory, repetition));
        add(enabled, checks.corruption().schedule(), new CorruptionCheck(checks.corruption()));
        if (!checks.canaryQueries().queries().isEmpty()) {
            add(enabled, checks.canaryQueries().schedule(), new CanaryQueriesCheck(checks.canaryQueries().queries()));
        }
        if (!checks.httpHealth().endpoints().isEmpty()) {
            add(enabled, checks.httpHealth().schedule(), new HttpHealthCheck(checks.httpHealth().endpoints()));
        }
        add(enabled, checks.invalidIndexes().schedule(), new InvalidIndexesCheck(schemas));
        add(enabled, checks.notValidConstraints().schedule(), new NotValidConstraintsCheck(schemas));
        add(enabled, checks.laggingSequences().schedule(), new LaggingSequencesCheck(checks.laggingSequences(), schemas));
        return enabled;
    }

    private static void add(List<ScheduledCheck> enabled, CheckSchedule schedule, Check check) {
        if (schedule.enabled()) {
            enabled.add(new ScheduledCheck(check, schedule.interval(), schedule.timeout()));
        }
    }
}
