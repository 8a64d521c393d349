package dev.warden.daemon.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class PgFailureTest {
    @Test
    void shouldClassifyBySqlStateAndCauseChain() {
        assertThat(PgFailure.of(pg("08006"))).isEqualTo(PgFailure.CONNECTION);
        assertThat(PgFailure.of(pg("28P01"))).isEqualTo(PgFailure.AUTHENTICATION);
        assertThat(PgFailure.of(pg("57014"))).isEqualTo(PgFailure.TIMEOUT);
        assertThat(PgFailure.of(pg("55P03"))).isEqualTo(PgFailure.LOCK_NOT_AVAILABLE);
        assertThat(PgFailure.of(pg("3D000"))).isEqualTo(PgFailure.NO_DATABASE);
        assertThat(PgFailure.of(pg("57P01"))).isEqualTo(PgFailure.SERVER_UNAVAILABLE);
        assertThat(PgFailure.of(new RuntimeException("wrapped", new ConnectException("refused"))))
                .isEqualTo(PgFailure.CONNECTION);
        assertThat(PgFailure.of(pg("42P01"))).isEqualTo(PgFailure.OTHER);
    }

    private static PgException pg(String sqlState) {
        return new PgException("message", "ERROR", sqlState, null);
    }
}
