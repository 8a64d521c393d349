package dev.warden.daemon.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a prune keeps for a rollback or an incident, which a live test would need days of history to show. */
class PruneRuleTest {
    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");
    private static final WardenDatabase OLD = WardenDatabase.recognise("orders__replaced_20261101T000000Z", "orders", 1, 0)
            .orElseThrow();

    @Test
    void shouldDropAnOldUnusedReplacedDatabaseNothingNeeds() {
        assertThat(new PruneRule(Duration.ofDays(7), NOW, Map.of(), null).keeps(OLD)).isEmpty();
    }

    @Test
    void shouldKeepWhatAnUnfinishedRollbackReplaced() {
        assertThat(new PruneRule(Duration.ofDays(7), NOW, Map.of(OLD.name(), "rollback r1 is partial: ..."), null)
                .keeps(OLD)).hasValue("rollback r1 is partial: ...");
    }

    @Test
    void shouldKeepEveryReplacedDatabaseWhileAnIncidentIsOpen() {
        assertThat(new PruneRule(Duration.ofDays(7), NOW, Map.of(), "incident i1 is open on orders: ...").keeps(OLD))
                .hasValue("incident i1 is open on orders: ...");
    }

    @Test
    void shouldDropTheCopyOfADrillThatEndedLongAgoButNotOfOneStillRunning() {
        WardenDatabase copy = WardenDatabase.recognise("warden_drill_0123456789ab", "orders", 1, 0).orElseThrow()
                .stampedAt(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(copy.drillId()).isEqualTo("0123456789ab");

        assertThat(new PruneRule(Duration.ofDays(7), NOW, Map.of(), "incident i1 is open on orders: ...").keeps(copy))
                .as("an incident keeps what rollbacks replaced, not a dead drill's copy").isEmpty();
        assertThat(new PruneRule(Duration.ofDays(7), NOW, Map.of(copy.name(), "drill 0123456789ab is still running"),
                null).keeps(copy)).hasValue("drill 0123456789ab is still running");
    }

    @Test
    void shouldRecogniseOnlyTheNamesWardenGivesThisTarget() {
        assertThat(WardenDatabase.recognise("orders__warden_20261101T000000Z_pre_rollback", "orders", 1, 0))
                .hasValueSatisfying(d -> assertThat(d.kind()).isEqualTo(WardenDatabase.Kind.CLONE));
        assertThat(WardenDatabase.recognise("orders__replaced_20261101T000000Z", "orders_eu", 1, 0)).isEmpty();
        assertThat(WardenDatabase.recognise("orders_eu__replaced_20261101T000000Z", "orders", 1, 0)).isEmpty();
        assertThat(WardenDatabase.recognise("orders", "orders", 1, 0)).isEmpty();
    }
}
