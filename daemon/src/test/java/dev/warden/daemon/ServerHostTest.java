package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server.host that validation accepts (a well-formed name) but no resolver knows can only fail when
 * Warden binds: it must say so in one sentence, as a Warden error, not escape as a checked exception.
 */
@ExtendWith(PostgresExtension.class)
class ServerHostTest {

    @Test
    void shouldSayWhichAddressCouldNotBeBoundWhenTheHostDoesNotResolve(TestDatabase target) {
        WardenConfig config = ConfigLoader.parse("""
                server: {host: warden.invalid, port: 0}
                state: {url: "%s"}
                targets:
                  - name: app
                    url: "%s"
                """.formatted(target.address().withDatabase(target.name() + "_state").uri(), target.address().uri()),
                "test", Map.of());
        try {
            Throwable failure = catchThrowable(() -> Warden.start(config, Clock.systemUTC()).stop());

            assertThat(failure).isInstanceOf(WardenException.class)
                    .hasMessageContaining("starting the HTTP server on warden.invalid");
            assertThat(((WardenException) failure).code()).isEqualTo(ErrorCode.FAILED);
        } finally {
            new Sql(target.server().admin()).execute("DROP DATABASE IF EXISTS \"" + target.name() + "_state\" WITH (FORCE)");
        }
    }
}
