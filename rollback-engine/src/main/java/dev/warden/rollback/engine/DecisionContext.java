package dev.warden.rollback.engine;

import dev.warden.config.StrategyKind;
import dev.warden.rollback.decision.Decision;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a rollback tells the outside world about itself: the values of the {@code {{...}}}
 * placeholders in webhook URLs and bodies, and the {@code WARDEN_*} environment of commands. A
 * rollback resumed after a restart has no decision in memory: its decision fields are then empty,
 * and the rollback id (also the idempotency key) still says which rollback it is.
 */
public final class DecisionContext {
    public static final Set<String> NAMES = Set.of("rollback_id", "decision_id", "target", "database", "issue", "severity",
            "strategy", "check", "reasoning", "deadline", "requested_at");

    private DecisionContext() {
    }

    /** Placeholder name to value, every one of {@link #NAMES} present (empty when unknown). */
    public static Map<String, String> values(RollbackRequest request, String rollbackId, StrategyKind kind) {
        Decision d = request.decision();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("rollback_id", rollbackId);
        values.put("decision_id", d == null ? "" : d.id());
        values.put("target", request.target());
        values.put("database", request.database());
        values.put("issue", d == null ? "" : lower(d.issue()));
        values.put("severity", d == null ? "" : lower(d.severity()));
        values.put("strategy", lower(kind));
        values.put("check", d == null || d.check() == null ? "" : d.check());
        values.put("reasoning", d == null ? "" : String.join(" | ", d.reasoning()));
        values.put("deadline", d == null || d.firstBreachAt() == null || d.timeBudget() == null ? ""
                : d.deadline().toString());
        values.put("requested_at", request.requestedAt().toString());
        return values;
    }

    /** The same values as environment variables: {@code rollback_id} becomes {@code WARDEN_ROLLBACK_ID}. */
    public static Map<String, String> environment(Map<String, String> values) {
        Map<String, String> env = new LinkedHashMap<>();
        values.forEach((name, value) -> env.put("WARDEN_" + name.toUpperCase(Locale.ROOT), value));
        return env;
    }

    private static String lower(Enum<?> value) {
        return value == null ? "" : value.name().toLowerCase(Locale.ROOT);
    }
}
