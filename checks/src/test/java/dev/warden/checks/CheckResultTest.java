package dev.warden.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A result's summary is one line for people, logs and alerts, however the check wrote it. */
class CheckResultTest {
    private static final Instant AT = Instant.parse("2026-12-07T09:00:00Z");

    @Test
    void shouldJoinTheSummarysLinesWithOneSpace() {
        CheckResult result = CheckResult.inconclusive("schema_drift", AT, "  could not read:\r\n   ERROR: relation\n\n gone  ");

        assertThat(result.summary()).isEqualTo("could not read: ERROR: relation gone");
        assertThat(result.withAddendum("\n cancelled", "cancelled", true).summary())
                .isEqualTo("could not read: ERROR: relation gone cancelled");
    }

    @Test
    void shouldOnlyTrimASummaryOnOneLineAndMakeNoneEmpty() {
        assertThat(CheckResult.ok("lock_waits", AT, "  no session waits\t", Map.of()).summary())
                .isEqualTo("no session waits");
        assertThat(CheckResult.ok("lock_waits", AT, null, Map.of()).summary()).isEmpty();
    }
}
