package dev.warden.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.PostgresUri;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class StateSchemaTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void shouldMigrateOnceAndAgainAsANoOp(PostgresServer server) {
        TestDatabase database = server.createDatabase("state_twice");
        StateStore first = StateStore.open(vertx, PostgresUri.parse(database.uri(), Map.of()), false);
        first.ready().await();
        first.close().await();
        StateStore second = StateStore.open(vertx, PostgresUri.parse(database.uri(), Map.of()), false);
        second.ready().await();
        second.close().await();

        assertThat(database.sql().queryColumn("SELECT version FROM warden.schema_version ORDER BY version"))
                .hasSize(StateStore.schemaVersion()).first().isEqualTo("1");
    }

    @Test
    void shouldRefuseAStateDatabaseNewerThanTheCode(PostgresServer server) {
        TestDatabase database = server.createDatabase("state_newer");
        StateStore.open(vertx, PostgresUri.parse(database.uri(), Map.of()), false).ready().await();
        database.sql().execute("INSERT INTO warden.schema_version (version, script) VALUES (999, 'V999__future.sql')");

        StateStore store = StateStore.open(vertx, PostgresUri.parse(database.uri(), Map.of()), false);
        assertThatThrownBy(() -> store.ready().await())
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_SCHEMA_TOO_NEW))
                .hasMessageContaining("schema is at version 999 but this Warden understands up to "
                        + StateStore.schemaVersion());
        store.close().await();
    }
}
