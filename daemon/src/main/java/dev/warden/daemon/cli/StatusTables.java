package dev.warden.daemon.cli;

import dev.warden.config.schema.Durations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code warden status}'s screen for a person: the targets, then what waits for approval, decisions and rollbacks. */
final class StatusTables {
    private StatusTables() {
    }

    /** Whether the target answers; on a cluster node, a target another node owns is that node's to say. */
    private static String up(JsonObject target, JsonObject cluster) {
        String owner = target.getString("owner");
        if (cluster != null && owner != null && !owner.equals(cluster.getString("node"))) {
            return "watched by " + owner;
        }
        if (cluster != null && owner == null) {
            return "no owner yet";
        }
        return target.getBoolean("up") ? "yes" : "NO: " + target.getString("error");
    }

    static String render(JsonObject status) {
        StringBuilder screen = new StringBuilder();
        Table targets = new Table("TARGET", "UP", "READ-ONLY", "RESTORE POINT", "MIGRATION", "INCIDENT", "CHECKS");
        Table approvals = new Table("TARGET", "ROLLBACK", "STRATEGY", "ISSUE", "APPROVE WITH");
        JsonObject cluster = status.getJsonObject("cluster");
        for (JsonObject target : Listings.objects(status.getJsonArray("targets"))) {
            JsonObject incident = target.getJsonObject("incident");
            JsonObject migration = target.getJsonObject("migration");
            targets.row(target.getString("name"), up(target, cluster),
                    readOnly(target.getBoolean("read_only")), restorePoint(target.getJsonObject("restore_point")),
                    migration == null ? null : "running " + Math.round(migration.getDouble("elapsed_seconds")) + "s",
                    incident == null ? null : incident.getString("issue") + "/" + incident.getString("severity")
                            + " (" + incident.getString("check") + ")",
                    checks(target.getJsonArray("checks")));
            for (JsonObject pending : Listings.objects(target.getJsonArray("pending_approvals", new JsonArray()))) {
                approvals.row(target.getString("name"), pending.getString("rollback_id"), pending.getString("strategy"),
                        pending.getString("issue") + "/" + pending.getString("severity"),
                        "warden rollback approve " + pending.getString("rollback_id"));
            }
        }
        if (cluster != null) {
            screen.append("Cluster node ").append(cluster.getString("node")).append(" owns ")
                    .append(cluster.getLong("owned")).append(" of ").append(Listings.objects(status.getJsonArray("targets")).size())
                    .append(" targets; members: ").append(String.join(", ", cluster.getJsonArray("members").stream()
                            .map(String::valueOf).toList())).append("\n\n");
        }
        screen.append(targets.render());
        if (!"open".equals(status.getString("state_store"))) {
            screen.append("\nstate store: ").append(status.getString("state_store")).append('\n');
        }
        if (!approvals.isEmpty()) {
            screen.append("\nAwaiting approval:\n").append(approvals.render());
        }
        Table decisions = Listings.decisions(status.getJsonArray("decisions"));
        if (!decisions.isEmpty()) {
            screen.append("\nDecisions, newest first:\n").append(decisions.render());
        }
        Table rollbacks = Listings.rollbacks(status.getJsonArray("rollbacks"));
        if (!rollbacks.isEmpty()) {
            screen.append("\nRollbacks, newest first (warden report ID):\n").append(rollbacks.render());
        }
        return screen.toString();
    }

    private static String readOnly(Boolean readOnly) {
        return readOnly == null ? "?" : readOnly ? "YES" : "no";
    }

    /** "snapshot 4 (clone), 3m12s old", or why there is none. */
    private static String restorePoint(JsonObject point) {
        if (point == null || point.getLong("snapshot") == null) {
            return point == null ? null : "none: " + point.getString("detail");
        }
        return "snapshot " + point.getLong("snapshot") + " (" + point.getString("kind") + "), "
                + Durations.format(Duration.ofSeconds(point.getLong("age_seconds"))) + " old";
    }

    /** "4 ok, 1 breach: row_count_drift": counts by status, and the checks that are not ok. */
    private static String checks(JsonArray checks) {
        Map<String, Integer> counts = new TreeMap<>();
        List<JsonObject> all = Listings.objects(checks);
        all.forEach(c -> counts.merge(c.getString("status"), 1, Integer::sum));
        if (counts.isEmpty()) {
            return "none yet";
        }
        List<String> notOk = all.stream().filter(c -> !"ok".equals(c.getString("status")))
                .map(c -> c.getString("check")).toList();
        return String.join(", ", counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList())
                + (notOk.isEmpty() ? "" : ": " + String.join(", ", notOk));
    }
}
