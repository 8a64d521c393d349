package dev.warden.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedServerTest {

    @Test
    void shouldKeepDataAndPortAcrossStopAndStart() {
        Path directory = PostgresServer.workDirectory().resolve("restart-" + ProcessHandle.current().pid());
        try (EmbeddedServer server = EmbeddedServer.start(directory, EmbeddedServer.CLASSPATH_MAJOR)) {
            Sql sql = new Sql(server.address("postgres"));
            sql.execute("CREATE TABLE survivor(id int); INSERT INTO survivor VALUES (1), (2)");

            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> sql.queryLong("SELECT 1")).isInstanceOf(IllegalStateException.class);

            server.start();
            assertThat(sql.queryLong("SELECT count(*) FROM survivor")).isEqualTo(2);
        }
    }

    @Test
    void shouldRunTheUnpackedPostgres15ForDumpCompatibleTests() {
        Path directory = PostgresServer.workDirectory().resolve("pg15-" + ProcessHandle.current().pid());
        try (EmbeddedServer server = EmbeddedServer.start(directory, 15)) {
            long version = new Sql(server.address("postgres")).queryLong("SELECT current_setting('server_version_num')::int");
            assertThat(version / 10000).isEqualTo(15);
        }
    }
}
