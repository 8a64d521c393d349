package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.daemon.cli.Main;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
@ExtendWith(PostgresExtension.class)
class CheckOnceCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintEveryCheckAndExitZeroWhenAllAreOkThenOneOnABreach(TestDatabase target) throws IOException {
        target.sql().execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 10)");
        Path config = write(target, "10");

        assertThat(warden("check", "--once", "--config", config.toString())).as(stdout() + stderr()).isZero();
        assertThat(stdout()).contains("app").contains("lock_waits").contains("canary_queries").contains(" ok ");
        assertThat(stdout().lines()).as("results only on stdout; logs go to stderr").allMatch(line -> line.startsWith("app "));

        target.sql().execute("DELETE FROM orders WHERE id > 5");
        assertThat(warden("check", "--once", "--config", config.toString())).isEqualTo(1);
        assertThat(stdout()).containsPattern("canary_queries\\s+breach high");
    }

    @Test
    void shouldExitThreeWhenACheckCouldNotTellAndNoneBreached(TestDatabase target) throws IOException {
        target.sql().execute("CREATE TABLE held (id int PRIMARY KEY); INSERT INTO held VALUES (1)");
        // Canaries run read-only: one that would lock rows cannot run, which is no verdict, not a breach.
        Path config = Files.writeString(dir.resolve("warden.yaml"), Files.readString(write(target, "1"))
                .replace("SELECT count(*) FROM orders", "SELECT id FROM held LIMIT 1 FOR UPDATE"));

        assertThat(warden("check", "--once", "--config", config.toString())).as(stdout() + stderr()).isEqualTo(3);
        assertThat(stdout()).containsPattern("canary_queries\\s+inconclusive").doesNotContain("breach");
    }

    @Test
    void shouldRefuseAnUnknownTarget(TestDatabase target) throws IOException {
        assertThat(warden("check", "--once", "--config", write(target, "0").toString(), "--target", "nope")).isEqualTo(2);
        assertThat(stderr()).contains("no target named \"nope\"");
    }

    private Path write(TestDatabase target, String expectedOrders) throws IOException {
        return Files.writeString(dir.resolve("warden.yaml"), """
                state: {url: "%s"}
                targets:
                  - name: app
                    url: "%s"
                    checks:
                      corruption: {enabled: false}
                      schema_drift: {enabled: false}
                      canary_queries:
                        queries:
                          - {name: orders_count, sql: "SELECT count(*) FROM orders", expected_value: "%s"}
                """.formatted(target.address().withDatabase(target.name() + "_nostate").uri(), target.uri(), expectedOrders));
    }

    private int warden(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
