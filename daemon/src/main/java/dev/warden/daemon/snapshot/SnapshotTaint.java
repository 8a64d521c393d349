package dev.warden.daemon.snapshot;

import dev.warden.checks.CheckResult;
import dev.warden.checks.migrations.MigrationRecord;
import dev.warden.config.Severity;
import dev.warden.postgres.Failures;
import dev.warden.rollback.decision.Incident;
import dev.warden.rollback.decision.IncidentStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Why a snapshot taken now would absorb an incident: the target has an open incident, one of its
 * checks breaches (low-severity breaches aside: they are recorded, never an incident of their own),
 * or a migration failed. Such a snapshot is kept and marked, and never becomes the expected schema,
 * the row baseline or the restore point.
 */
@FunctionalInterface
public interface SnapshotTaint {
    /** Nothing is ever wrong: for tools that have no incidents or check results to ask. */
    SnapshotTaint NONE = () -> Future.succeededFuture(List.of());

    /** Why a snapshot taken now is not clean, each reason reading after "taken"; empty when it is clean. */
    Future<List<String>> now();

    /** The target's open incident (in the state store) and its checks' latest results. */
    static SnapshotTaint of(String target, IncidentStore incidents, Supplier<Collection<CheckResult>> latestResults) {
        return () -> incidents.open(target)
                .map(open -> open.map(SnapshotTaint::during).stream().toList())
                // Not knowing is not clean: a baseline taken during an incident cannot be taken back.
                .otherwise(e -> List.of("could not tell whether an incident is open: " + Failures.describe(e)))
                .map(reasons -> {
                    List<String> all = new ArrayList<>(reasons);
                    latestResults.get().stream()
                            .filter(r -> r.isBreach() && r.severity().compareTo(Severity.LOW) > 0)
                            .sorted(Comparator.comparing(CheckResult::check))
                            .forEach(r -> all.add("while " + r.check() + " breached (" + r.issue().name().toLowerCase() + "/"
                                    + r.severity().name().toLowerCase() + "): " + r.summary()));
                    return all;
                });
    }

    /** The reason a snapshot is marked, or null when it is clean: what the source says, and failed migrations it saw. */
    static String reason(List<String> fromSource, Snapshot snapshot) {
        List<String> reasons = new ArrayList<>(fromSource);
        snapshot.migrations().failed().stream().findFirst().map(SnapshotTaint::failed).ifPresent(reasons::add);
        List<String> distinct = reasons.stream().distinct().toList();
        return distinct.isEmpty() ? null : "taken " + String.join("; ", distinct);
    }

    private static String during(Incident incident) {
        return "during incident " + incident.id() + " (" + incident.check() + ", " + incident.issue().name().toLowerCase()
                + "/" + incident.severity().name().toLowerCase() + ", open since " + incident.openedAt() + ")";
    }

    private static String failed(MigrationRecord r) {
        return "after " + r.tool() + " migration " + r.version() + " (" + r.name() + ") in " + r.schema() + " "
                + r.state().name().toLowerCase();
    }
}
