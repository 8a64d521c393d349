package dev.warden.rollback.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.warden.checks.WardenJson;
import dev.warden.rollback.backup.Backup;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The journal's JSON columns: the request (without credentials), the planned steps, the impact. */
final class JournalJson {
    private static final WardenJson JSON = WardenJson.mapper().withMixIn(DataImpact.TableChange.class, TableChangeJson.class);

    private JournalJson() {
    }

    static JsonObject request(RollbackRequest request) {
        return JSON.object(new Request(request.database(), request.requestedAt(), request.backup(),
                Options.of(request.options())));
    }

    static RollbackOptions options(JsonObject request) {
        return JSON.read(request, Request.class).options().toOptions();
    }

    static JsonObject backup(Backup b) {
        return JSON.object(b);
    }

    static Backup backup(JsonObject j) {
        return JSON.read(j, Backup.class);
    }

    static JsonArray steps(List<Step> steps) {
        return JSON.array(steps.stream().map(s -> new JournaledRollback.PlannedStep(s.name(), s.destructive(),
                s.skipped().orElse(null))).toList());
    }

    static List<JournaledRollback.PlannedStep> steps(JsonArray steps) {
        return JSON.read(steps, new TypeReference<List<JournaledRollback.PlannedStep>>() { });
    }

    static JsonObject impact(DataImpact impact) {
        return JSON.object(impact);
    }

    static DataImpact impact(JsonObject j) {
        return JSON.read(j, DataImpact.class);
    }

    static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.stream().map(String::valueOf).toList();
    }

    /** What rebuilds the steps on resume; the connection's credentials stay out. */
    private record Request(String database, Instant requestedAt, Backup backup, Options options) {
    }

    /** {@link RollbackOptions} with its durations in milliseconds. */
    private record Options(List<String> criticalTables, boolean lift, long sessionsGoneBoundMs, long restoreTimeoutMs,
                           String pgRestore, Map<String, String> pinned) {

        static Options of(RollbackOptions o) {
            return new Options(o.criticalTables(), o.lift(), o.sessionsGoneBound().toMillis(),
                    o.restoreTimeout().toMillis(), o.pgRestore(), o.pinned());
        }

        RollbackOptions toOptions() {
            return new RollbackOptions(criticalTables, lift, Duration.ofMillis(sessionsGoneBoundMs),
                    Duration.ofMillis(restoreTimeoutMs), pgRestore, pinned);
        }
    }

    /** The counts a reader of the journal sees without recomputing them. */
    private interface TableChangeJson {
        @JsonProperty
        long rowsSetAside();

        @JsonProperty
        long rowsBroughtBack();
    }
}
