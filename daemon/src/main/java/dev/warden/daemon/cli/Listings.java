package dev.warden.daemon.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The API's lists of decisions and rollbacks as tables: one shape for {@code warden status} and the list commands. */
final class Listings {
    private Listings() {
    }

    /** Decisions with what became of each, in the outcome's own words. */
    static Table decisions(JsonArray decisions) {
        Table table = new Table("DECIDED AT", "TARGET", "ISSUE", "STRATEGY", "MODE", "OUTCOME");
        objects(decisions).forEach(d -> table.row(second(d.getString("decided_at")), d.getString("target"),
                d.getString("issue") + "/" + d.getString("severity"), d.getString("strategy"), d.getString("mode"),
                d.getJsonObject("outcome").getString("detail")));
        return table;
    }

    /** Rollbacks as GET /api/rollbacks summarises them; {@code warden report ID} prints one's report. */
    static Table rollbacks(JsonArray rollbacks) {
        Table table = new Table("REQUESTED AT", "TARGET", "ID", "STRATEGY", "STATUS", "OUTCOME");
        objects(rollbacks).forEach(r -> table.row(second(r.getString("requested_at")), r.getString("target"), r.getString("id"),
                r.getString("strategy") + (r.getBoolean("lift", false) ? " (lift)" : ""), r.getString("status"),
                r.getString("outcome")));
        return table;
    }

    /** An API timestamp to the second: what a person reads in a table. */
    static String second(String instant) {
        return instant == null ? null : Instant.parse(instant).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static List<JsonObject> objects(JsonArray array) {
        return array == null ? List.of() : array.stream().map(JsonObject.class::cast).toList();
    }
}
