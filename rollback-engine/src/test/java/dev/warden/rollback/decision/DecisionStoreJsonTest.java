package dev.warden.rollback.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.config.DecisionMode;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.config.StrategyKind;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/decisions: a decision's JSON. */
class DecisionStoreJsonTest {
    @Test
    void shouldShowADecisionWithItsBudgetInSecondsAndItsDeadline() {
        Decision decision = new Decision("6f1c1d1e-0000-4000-8000-000000000001", "shop", "row_count_drift",
                IssueType.DATA_CORRUPTION, Severity.CRITICAL, StrategyKind.BRANCH_SWAP, DecisionMode.DRY_RUN,
                Duration.ofMinutes(15), Instant.parse("2026-11-22T03:00:00Z"), Instant.parse("2026-11-22T03:00:30.25Z"),
                3, List.of("public.orders dropped 40%"));

        assertThat(DecisionStore.toJson(decision)).isEqualTo(new JsonObject("""
                {"id": "6f1c1d1e-0000-4000-8000-000000000001", "target": "shop", "check": "row_count_drift",
                 "issue": "data_corruption", "severity": "critical", "strategy": "branch_swap", "mode": "dry_run",
                 "time_budget_seconds": 900, "first_breach_at": "2026-11-22T03:00:00Z",
                 "decided_at": "2026-11-22T03:00:30.250Z", "deadline": "2026-11-22T03:15:00Z", "streak": 3,
                 "reasoning": ["public.orders dropped 40%"]}"""));
    }
}
