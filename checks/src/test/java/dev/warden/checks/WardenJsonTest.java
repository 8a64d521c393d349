package dev.warden.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.warden.config.Severity;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WardenJsonTest {
    record Sample(String targetName, Instant takenAt, Duration timeBudget, Severity severity, Long rowsNow,
                  List<String> notes, Map<String, Long> rowCounts) {
    }

    private interface SampleJson {
        @JsonProperty("time_budget_ms")
        @JsonSerialize(converter = WardenJson.Millis.class)
        Duration timeBudget();
    }

    private static final Sample SAMPLE = new Sample("orders", Instant.parse("2026-11-22T03:00:00.123456Z"),
            Duration.ofMinutes(15), Severity.CRITICAL, null, List.of("a"), Map.of("public.orders", 3L));

    @Test
    void shouldWriteSnakeCaseIsoInstantsSecondsAndLowerCaseEnums() {
        assertThat(WardenJson.mapper().object(SAMPLE)).isEqualTo(new JsonObject("""
                {"target_name": "orders", "taken_at": "2026-11-22T03:00:00.123456Z", "time_budget": 900,
                 "severity": "critical", "rows_now": null, "notes": ["a"], "row_counts": {"public.orders": 3}}"""));
        assertThat(WardenJson.mapper().object(SAMPLE).getString("taken_at")).isEqualTo(SAMPLE.takenAt().toString());
    }

    @Test
    void shouldRenameAndWriteMillisThroughAMixIn() {
        JsonObject json = WardenJson.mapper().withMixIn(Sample.class, SampleJson.class).object(SAMPLE);

        assertThat(json.getLong("time_budget_ms")).isEqualTo(900_000L);
        assertThat(json.containsKey("time_budget")).isFalse();
        assertThat(WardenJson.mapper().object(SAMPLE).containsKey("time_budget_ms")).as("the shared mapper unchanged")
                .isFalse();
    }

    @Test
    void shouldReadEnumsInAnyCaseIgnoreUnknownFieldsAndReadMissingCollectionsAsEmpty() {
        record Stored(Severity severity, Instant takenAt, List<String> notes, Map<String, Long> rowCounts) {
        }
        Stored stored = WardenJson.mapper().read(new JsonObject("""
                {"severity": "HIGH", "taken_at": "2026-11-22T03:00:00Z", "extra": {"nested": true}}"""), Stored.class);

        assertThat(stored).isEqualTo(new Stored(Severity.HIGH, Instant.parse("2026-11-22T03:00:00Z"), List.of(),
                Map.of()));
    }

    @Test
    void shouldTakeVertxJsonAsItIs() {
        JsonObject nested = new JsonObject().put("rows", new JsonArray().add(new JsonObject().put("n", 1)));

        assertThat(WardenJson.mapper().object(Map.of("inner", nested))).isEqualTo(new JsonObject().put("inner", nested));
        assertThat(WardenJson.mapper().array(List.of(Severity.LOW))).isEqualTo(new JsonArray().add("low"));
        assertThat(WardenJson.mapper().object(null)).isNull();
    }
}
