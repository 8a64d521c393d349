package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.ConfigLoader;
import dev.warden.daemon.cli.Main;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real daemon guarding a dedicated embedded server whose database {@code shop} has a critical table
 * {@code orders} of 1000 rows, and the {@code warden} CLI run in this JVM against it: what the tests of
 * {@code warden migrate} share. The migration commands themselves are real processes.
 */
abstract class MigrateHarness {
    static final String TOKEN = "migrate-token";
    EmbeddedServer server;
    Warden warden;
    Sql shop;
    private String config;
    @TempDir
    Path scripts;

    @AfterEach
    void stop() {
        if (warden != null) {
            warden.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    record Run(int exit, String output, String id) {
    }

    Run migrate(Path script, String... options) {
        List<String> args = new ArrayList<>(List.of("migrate", "--target", "shop"));
        args.addAll(List.of(options));
        args.addAll(List.of("--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", server.address("shop").uri(), "-f",
                script.toString()));
        return cli(args.toArray(String[]::new));
    }

    Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        int dashes = all.indexOf("--");
        all.addAll(dashes < 0 ? all.size() : dashes, List.of("--url", warden.baseUrl()));
        PrintStream printed = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = Main.run(all.toArray(String[]::new), Map.of("WARDEN_TOKEN", TOKEN), printed, printed);
        String output = out.toString(StandardCharsets.UTF_8);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("migration ([0-9a-f-]{36})").matcher(output);
        return new Run(exit, output, id.find() ? id.group(1) : null);
    }

    Path script(String sql) throws Exception {
        Path file = Files.createTempFile(scripts, "migration", ".sql");
        Files.writeString(file, sql);
        return file;
    }

    /** @param checks more entries of the target's {@code checks} map */
    void start(String checks) {
        server = EmbeddedServer.start(PostgresServer.workDirectory().resolve("migrate-" + System.nanoTime()),
                EmbeddedServer.CLASSPATH_MAJOR);
        new Sql(server.address("postgres")).execute("CREATE DATABASE shop");
        shop = new Sql(server.address("shop"));
        shop.execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 1000)");
        config = """
                server: {port: 0, token: %s}
                state: {url: "%s"}
                targets:
                  - name: shop
                    url: "%s"
                    critical_tables: [orders]
                    heartbeat_interval: 500ms
                    snapshots: {schedule: "off", backup: clone}
                    checks: {corruption: {enabled: false}%s}
                """.formatted(TOKEN, server.address("warden").uri(), server.address("shop").uri(),
                checks.isEmpty() ? "" : ", " + checks);
        startWarden();
    }

    /** A Warden on {@code yaml}, for a test that brought its own server (in {@link #server}) and database. */
    void startWith(String yaml) {
        config = yaml;
        startWarden();
    }

    /** A Warden stopped and started again on the same configuration and state store, as after a crash or a deploy. */
    void restartWarden() {
        warden.stop();
        startWarden();
    }

    private void startWarden() {
        warden = Warden.start(ConfigLoader.parse(config, "test", Map.of()), Clock.systemUTC());
        await().atMost(Duration.ofSeconds(15)).until(() -> get("/api/targets").getJsonArray("targets").getJsonObject(0)
                .getBoolean("up"));
    }

    JsonObject get(String path) {
        return new JsonObject(text(path));
    }

    String text(String path) {
        HttpProbe.Response response = HttpProbe.get(warden.baseUrl() + path, TOKEN);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
