package dev.warden.config.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void shouldReadAndWriteOperatorDurations() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
    }

    @Test
    void shouldRejectWhatIsNotADuration() {
        for (String bad : new String[] {"5", "5 s", "s5", "5sec", "", "1h 2m"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).hasMessageStartingWith("expected a duration");
        }
    }

    @Test
    void shouldRefuseADurationTooLongForAnyKeyInsteadOfOverflowing() {
        assertThatThrownBy(() -> Durations.parse("99999999999999d"))
                .hasMessage("expected a duration of at most 3650d, found 99999999999999d");
        assertThatThrownBy(() -> Durations.parse("99999999999999999999999999ms"))
                .hasMessage("expected a duration of at most 3650d, found 99999999999999999999999999ms");
        assertThat(Durations.parse("3650d")).isEqualTo(Durations.LONGEST);
    }

    @Test
    void shouldSuggestTheClosestKey() {
        assertThat(Suggestions.closest("lock_timout", java.util.List.of("lock_timeout", "statement_timeout")))
                .contains("lock_timeout");
        assertThat(Suggestions.closest("zzz", java.util.List.of("lock_timeout"))).isEmpty();
    }
}
