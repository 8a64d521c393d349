package dev.warden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollbackTargetConfigTest {

    @Test
    void shouldReadEachStrategysSettings() {
        RollbackTargetConfig rollback = ConfigLoader.parse("""
                targets:
                  - name: shop
                    url: postgres://db/shop
                    rollback:
                      feature_flag:
                        sql: {table: public.flags, key: new-checkout}
                      code_revert:
                        webhook: {url: "https://deploy.example/rollback?service={{target}}", headers: {Authorization: "Bearer ${DEPLOY_TOKEN}"}}
                        success_check: {url: "https://shop.example/version", expect_body: v41}
                      down_migration: {tool: flyway, directory: db/migration, flyway_undo_row: delete}
                """, "f", Map.of("DEPLOY_TOKEN", "s3cret")).targets().get(0).rollback();

        assertThat(rollback.featureFlag().sql()).hasValueSatisfying(sql -> {
            assertThat(sql.keyColumn()).isEqualTo("key");
            assertThat(sql.offValue()).isEqualTo("false");
            assertThat(sql.lockTimeout()).isEqualTo(Duration.ofSeconds(2));
        });
        assertThat(rollback.codeRevert().webhook()).hasValueSatisfying(w -> {
            assertThat(w.method()).isEqualTo("POST");
            assertThat(w.headers().get("Authorization").reveal()).isEqualTo("Bearer s3cret");
        });
        assertThat(rollback.codeRevert().successCheck().orElseThrow().expectStatus()).isEqualTo(200);
        assertThat(rollback.downMigration().tool()).contains(DownMigrationConfig.Tool.FLYWAY);
        assertThat(rollback.downMigration().flywayUndoRow()).isEqualTo(DownMigrationConfig.FlywayUndoRow.DELETE);
    }

    @Test
    void shouldSayWhatIsWrongWithoutShowingSecrets() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                targets:
                  - name: shop
                    url: postgres://db/shop
                    rollback:
                      feature_flag:
                        sql: {table: public.flags, key: a}
                        unleash: {url: "https://unleash.example", token: t0p-secret, feature: f, environment: production}
                      code_revert: {command: [deploy, rollback], webhook: {url: "https://x.example"}}
                      down_migration: {tool: command}
                """, "f", Map.of()))
                .hasMessageContaining("targets[0].rollback.feature_flag: expected exactly one of sql, unleash, http, found 2")
                .hasMessageContaining("targets[0].rollback.code_revert: expected a webhook or a command, found both")
                .hasMessageContaining("targets[0].rollback.down_migration.command: required when tool is command")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("t0p-secret"));
    }
}
