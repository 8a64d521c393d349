package dev.warden.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupNamesTest {
    private static final Instant AT = Instant.parse("2026-11-22T03:15:00Z");

    @Test
    void shouldNameBackupAfterDatabaseAndUtcTime() {
        assertThat(BackupNames.name("orders", AT)).isEqualTo("orders__warden_20261122T031500Z");
    }

    @Test
    void shouldSetAQualifiedBackupApartFromOneOfTheSameSecond() {
        String qualified = BackupNames.name("a".repeat(63), AT, BackupNames.PRE_ROLLBACK);

        assertThat(qualified).isNotEqualTo(BackupNames.name("a".repeat(63), AT)).hasSize(63)
                .endsWith("__warden_20261122T031500Z_pre_rollback");
        assertThat(BackupNames.name("orders", AT, "")).isEqualTo(BackupNames.name("orders", AT));
    }

    @Test
    void shouldCutLongSourceNameToFitPostgresIdentifierLimit() {
        String name = BackupNames.name("a".repeat(63), AT);

        assertThat(name).hasSize(63).endsWith("__warden_20261122T031500Z").startsWith("a".repeat(38));
    }

    @Test
    void shouldNeverSplitMultiByteCharacterWhenCutting() {
        String name = BackupNames.name("é".repeat(30), AT);

        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(name).isEqualTo("é".repeat(19) + "__warden_20261122T031500Z");
    }

    @Test
    void shouldQuoteIdentifiersAndLiteralsSafely() {
        assertThat(SqlText.identifier("my \"db\"")).isEqualTo("\"my \"\"db\"\"\"");
        assertThat(SqlText.literal("it's a \\ test")).isEqualTo("E'it''s a \\\\ test'");
    }
}
