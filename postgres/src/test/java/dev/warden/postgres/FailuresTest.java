package dev.warden.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
class FailuresTest {
    @Test
    void shouldClassifyBySqlStateAndCauseChain() {
        assertThat(Failures.describe(pg("08006"))).startsWith("connection lost (08006)");
        assertThat(Failures.describe(pg("28P01"))).startsWith("authentication failed (28P01)");
        assertThat(Failures.describe(pg("57014"))).startsWith("statement timeout or cancelled (57014)");
        assertThat(Failures.describe(pg("55P03"))).startsWith("lock not available (55P03)");
        assertThat(Failures.describe(pg("3D000"))).startsWith("database does not exist (3D000)");
        assertThat(Failures.describe(pg("57P01"))).startsWith("server shutting down or restarting (57P01)");
        assertThat(Failures.describe(new RuntimeException("wrapped", new ConnectException("refused"))))
                .startsWith("cannot connect to the target");
        assertThat(Failures.describe(pg("42P01"))).startsWith("query failed (42P01)");
    }

    private static PgException pg(String sqlState) {
        return new PgException("message", "ERROR", sqlState, null);
    }
}
