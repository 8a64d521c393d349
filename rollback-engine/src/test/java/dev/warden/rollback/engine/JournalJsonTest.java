package dev.warden.rollback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.rollback.backup.Backup;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The journal's columns keep the JSON that journals already written hold. */
class JournalJsonTest {
    private static final Backup BACKUP = new Backup("shop_clone", "clone", "shop_clone", -1,
            Instant.parse("2026-11-22T02:59:00.5Z"), null, true, Map.of("public.orders", 1000L), Map.of("source", "shop"));
    private static final String BACKUP_JSON = """
            {"id": "shop_clone", "kind": "clone", "location": "shop_clone", "size_bytes": -1,
             "created_at": "2026-11-22T02:59:00.500Z", "checksum": null, "verified": true,
             "row_counts": {"public.orders": 1000}, "details": {"source": "shop"}}""";
    private static final DataImpact IMPACT = new DataImpact(
            List.of(new DataImpact.TableChange("public.orders", 1000L, 1200L), new DataImpact.TableChange("public.x", null, 5L)),
            List.of("public.new_table"), List.of(new DataImpact.Dropped("public.items", "price", 2L)), List.of("a note"));

    @Test
    void shouldWriteTheRequestWithoutCredentialsAndReadItsOptionsBack() {
        RollbackOptions options = new RollbackOptions(List.of("public.orders"), true, Duration.ofSeconds(5),
                Duration.ofHours(1), "pg_restore", Map.of("down_migration.versions", "[\"2\"]"));
        RollbackRequest request = new RollbackRequest("shop", new PgConnectOptions().setDatabase("shop")
                .setUser("warden").setPassword("secret"), null, BACKUP, options, Instant.parse("2026-11-22T03:00:00Z"));

        JsonObject json = JournalJson.request(request);

        assertThat(json).isEqualTo(new JsonObject("""
                {"database": "shop", "requested_at": "2026-11-22T03:00:00Z", "backup": %s,
                 "options": {"critical_tables": ["public.orders"], "lift": true, "sessions_gone_bound_ms": 5000,
                             "restore_timeout_ms": 3600000, "pg_restore": "pg_restore",
                             "pinned": {"down_migration.versions": "[\\"2\\"]"}}}""".formatted(BACKUP_JSON)));
        assertThat(json.encode()).doesNotContain("secret");
        assertThat(JournalJson.options(json)).isEqualTo(options);
        assertThat(JournalJson.backup(json.getJsonObject("backup"))).isEqualTo(BACKUP);
    }

    @Test
    void shouldReadOptionsWrittenBeforeFactsWerePinned() {
        JsonObject request = new JsonObject("""
                {"database": "shop", "requested_at": "2026-11-22T03:00:00Z", "backup": null,
                 "options": {"critical_tables": [], "lift": false, "sessions_gone_bound_ms": 5000,
                             "restore_timeout_ms": 3600000, "pg_restore": "pg_restore"}}""");

        assertThat(JournalJson.options(request)).isEqualTo(RollbackOptions.defaults());
        assertThat(JournalJson.backup(request.getJsonObject("backup"))).isNull();
    }

    @Test
    void shouldWriteStepsAndImpactAsBefore() {
        Step step = new Step() {
            public String name() {
                return "rename_target_aside";
            }

            public boolean destructive() {
                return true;
            }

            public Future<Void> run(StepContext context) {
                return Future.succeededFuture();
            }

            public Future<Boolean> done(StepContext context) {
                return Future.succeededFuture(false);
            }
        };

        JsonArray steps = JournalJson.steps(List.of(step));
        JsonObject impact = JournalJson.impact(IMPACT);

        assertThat(steps).isEqualTo(new JsonArray("[{\"name\": \"rename_target_aside\", \"destructive\": true}]"));
        assertThat(JournalJson.steps(steps)).containsExactly(new JournaledRollback.PlannedStep("rename_target_aside", true));
        assertThat(impact).isEqualTo(new JsonObject("""
                {"tables": [{"table": "public.orders", "rows_in_backup": 1000, "rows_now": 1200,
                             "rows_set_aside": 200, "rows_brought_back": 0},
                            {"table": "public.x", "rows_in_backup": null, "rows_now": 5,
                             "rows_set_aside": 0, "rows_brought_back": 0}],
                 "tables_set_aside": ["public.new_table"],
                 "dropped": [{"table": "public.items", "column": "price", "values": 2}],
                 "notes": ["a note"]}"""));
        assertThat(JournalJson.impact(impact)).isEqualTo(IMPACT);
    }

    @Test
    void shouldReadAnImpactWrittenBeforeDroppedDataWasCounted() {
        JsonObject impact = new JsonObject("""
                {"tables": [], "tables_set_aside": [], "notes": ["nothing dropped"]}""");

        assertThat(JournalJson.impact(impact)).isEqualTo(DataImpact.none("nothing dropped"));
    }
}
