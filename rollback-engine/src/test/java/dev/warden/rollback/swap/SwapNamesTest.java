package dev.warden.rollback.swap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.rollback.engine.RollbackOptions;
import dev.warden.rollback.engine.RollbackRequest;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SwapNamesTest {
    private static final Instant AT = Instant.parse("2026-11-22T04:15:00Z");

    @Test
    void shouldNameTheRestoreAndTheReplacedDatabaseAfterTheTargetAndTheRequestTime() {
        SwapNames names = SwapNames.of(request("orders"));

        assertThat(names.restored()).isEqualTo("orders__restored_20261122T041500Z");
        assertThat(names.replaced()).isEqualTo("orders__replaced_20261122T041500Z");
    }

    @Test
    void shouldKeepLongNamesWithinSixtyThreeBytesWithoutSplittingACharacter() {
        String target = "é".repeat(31); // 62 bytes of UTF-8

        SwapNames names = SwapNames.of(request(target));

        assertThat(names.replaced().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(names.restored().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(names.replaced()).startsWith("é".repeat(18)).endsWith("__replaced_20261122T041500Z");
        assertThat(names.restored()).isNotEqualTo(names.replaced());
        assertThat(SwapNames.of(request(target))).as("a resumed swap finds the same names").isEqualTo(names);
    }

    private static RollbackRequest request(String database) {
        return new RollbackRequest("shop", new PgConnectOptions().setDatabase(database), null, null,
                RollbackOptions.defaults(), AT);
    }
}
