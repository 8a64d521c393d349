package dev.warden.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.config.ConfigLoader;
import dev.warden.daemon.Warden;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import dev.warden.daemon.CliRun;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: client commands find the daemon where the operator says, and say so when nothing answers there. */
@ExtendWith(PostgresExtension.class)
class DaemonAddressTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void shouldTakeTheFirstOfUrlOptionEnvironmentConfigurationAndDefault() throws IOException {
        Path config = config("0.0.0.0", 9911, "from-the-file");
        Path other = config("db-warden.internal", 9922, "other");

        assertThat(DaemonAddress.resolve("http://a:1", config, Map.of("WARDEN_URL", "http://b:2")))
                .isEqualTo(new DaemonAddress("http://a:1", "", "--url"));
        assertThat(DaemonAddress.resolve(null, config, Map.of("WARDEN_URL", "http://b:2", "WARDEN_TOKEN", "t")))
                .isEqualTo(new DaemonAddress("http://b:2", "t", "$WARDEN_URL"));
        assertThat(DaemonAddress.resolve(null, config, Map.of("WARDEN_CONFIG", other.toString())))
                .as("a server listening on every interface is dialled on loopback; its token comes along")
                .isEqualTo(new DaemonAddress("http://127.0.0.1:9911", "from-the-file", "the server section of " + config));
        assertThat(DaemonAddress.resolve(null, null, Map.of("WARDEN_CONFIG", other.toString(), "WARDEN_TOKEN", "env")))
                .isEqualTo(new DaemonAddress("http://db-warden.internal:9922", "env", "the server section of " + other));
        assertThat(DaemonAddress.resolve(null, null, Map.of()))
                .isEqualTo(new DaemonAddress("http://127.0.0.1:9746", "", "the default"));
    }

    @Test
    void shouldSayWhereItLookedWhenNothingAnswers() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        assertThat(cli.run(Map.of("WARDEN_URL", "http://127.0.0.1:" + port), "decisions")).isEqualTo(1);

        assertThat(cli.stderr()).contains("cannot reach Warden at http://127.0.0.1:" + port + " (from $WARDEN_URL):"
                + " connection refused; is `warden run` running there?").doesNotContain("null");
    }

    @Test
    void shouldReachADaemonWithATokenThroughItsConfigurationFile(TestDatabase target) throws IOException {
        String yaml = """
                server: {port: %d, token: "s3cret-token"}
                state: {url: "%s"}
                targets:
                  - name: shop
                    url: "%s"
                    snapshots: {schedule: "off"}
                """;
        String state = target.address().withDatabase(target.name() + "_state").uri();
        Warden warden = Warden.start(ConfigLoader.parse(yaml.formatted(0, state, target.uri()), "test", Map.of()),
                Clock.systemUTC());
        try {
            int port = URI.create(warden.baseUrl()).getPort();
            Path config = Files.writeString(dir.resolve("warden.yaml"), yaml.formatted(port, state, target.uri()));

            assertThat(cli.run(Map.of(), "decisions", "--config", config.toString())).as(cli.stderr()).isZero();
            assertThat(cli.run(Map.of("WARDEN_TOKEN", "wrong"), "decisions", "--config", config.toString())).isEqualTo(1);
            assertThat(cli.stderr()).doesNotContain("s3cret-token").doesNotContain("wrong");
        } finally {
            warden.stop();
            new Sql(target.server().admin()).execute("DROP DATABASE IF EXISTS \"" + target.name() + "_state\" WITH (FORCE)");
        }
    }

    private Path config(String host, int port, String token) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "warden", ".yaml"), """
                server: {host: "%s", port: %d, token: "%s"}
                targets:
                  - name: shop
                    url: "postgres://app@db.internal/shop"
                """.formatted(host, port, token));
    }
}
