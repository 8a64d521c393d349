package dev.warden.daemon.migrate;

import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.builtin.MigrationDurationCheck;
import dev.warden.daemon.watch.TargetStatus;
import dev.warden.daemon.watch.WatchedTarget;
import dev.warden.rollback.decision.IncidentStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * What must hold before a migration starts: the target up, no migration running (Warden's or one a
 * tool's history shows), no failed or dirty migration in any history, no open incident, and the last
 * result of each check not a breach. Every refusal is named; a fresh migration-history read answers the
 * two history questions, the scheduled results the last one.
 */
final class PreChecks {
    private final IncidentStore incidents;

    PreChecks(IncidentStore incidents) {
        this.incidents = incidents;
    }

    Future<List<Refusal>> run(WatchedTarget target, boolean anotherRunning) {
        // Filled from the state store's and the target's callbacks, which may run on different threads.
        List<Refusal> refusals = Collections.synchronizedList(new ArrayList<>());
        TargetStatus status = target.monitor().status();
        if (!status.up()) {
            refusals.add(new Refusal(Refusal.TARGET_DOWN, "target " + target.name() + " is down: "
                    + status.lastError(), false));
        }
        if (anotherRunning) {
            refusals.add(new Refusal(Refusal.MIGRATION_RUNNING, "another warden migrate is running on "
                    + target.name(), false));
        }
        target.checks().latest().values().stream().filter(CheckResult::isBreach)
                .sorted(Comparator.comparing(CheckResult::check))
                .forEach(breach -> refusals.add(new Refusal(Refusal.FAILING_CHECK, breach.check() + " "
                        + breach.severity().name().toLowerCase() + " " + breach.issue().name().toLowerCase()
                        + " breach: " + breach.summary(), true)));
        if (!status.up()) {
            return Future.succeededFuture(List.copyOf(refusals));
        }
        Future<Void> incident = incidents.open(target.name()).onSuccess(open -> open.ifPresent(found ->
                refusals.add(new Refusal(Refusal.OPEN_INCIDENT, "incident " + found.id() + " (" + found.check() + " "
                        + found.issue().name().toLowerCase() + ") is open since " + found.openedAt(), true)))).mapEmpty();
        Future<Void> history = target.checks().recheck(MigrationDurationCheck.NAME).onSuccess(result ->
                histories(result, refusals)).mapEmpty();
        return Future.all(incident, history).map(v -> List.copyOf(refusals));
    }

    /** A running or failed migration in any tool's history, as the migration_duration check read it just now. */
    private static void histories(CheckResult result, List<Refusal> refusals) {
        if (result.status() == CheckStatus.INCONCLUSIVE && !result.evidence().containsKey("running")) {
            return;
        }
        if (result.evidence().get("running") instanceof List<?> running && !running.isEmpty()) {
            refusals.add(new Refusal(Refusal.MIGRATION_RUNNING, "a migration is running: " + running.get(0), false));
        }
        if (result.evidence().get("failed") instanceof List<?> failed && !failed.isEmpty()) {
            refusals.add(new Refusal(Refusal.FAILED_MIGRATION, "a failed or dirty migration stands: " + failed.get(0), true));
        }
    }
}
