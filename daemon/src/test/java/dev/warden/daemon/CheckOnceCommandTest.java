package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
@ExtendWith(PostgresExtension.class)
class CheckOnceCommandTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void shouldPrintEveryCheckAndExitZeroWhenAllAreOkThenOneOnABreach(TestDatabase target) throws IOException {
        target.sql().execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 10)");
        Path config = write(target, "10");

        assertThat(cli.run("check", "--once", "--config", config.toString())).as(cli.stdout() + cli.stderr()).isZero();
        assertThat(cli.stdout()).contains("app").contains("lock_waits").contains("canary_queries").contains(" ok ");
        assertThat(cli.stdout().lines()).as("results only on stdout; logs go to stderr").allMatch(line -> line.startsWith("app "));

        target.sql().execute("DELETE FROM orders WHERE id > 5");
        assertThat(cli.run("check", "--once", "--config", config.toString())).isEqualTo(1);
        assertThat(cli.stdout()).containsPattern("canary_queries\\s+breach high");
    }

    @Test
    void shouldExitThreeWhenACheckCouldNotTellAndNoneBreached(TestDatabase target) throws IOException {
        target.sql().execute("CREATE TABLE held (id int PRIMARY KEY); INSERT INTO held VALUES (1)");
        // Canaries run read-only: one that would lock rows cannot run, which is no verdict, not a breach.
        Path config = Files.writeString(dir.resolve("warden.yaml"), Files.readString(write(target, "1"))
                .replace("SELECT count(*) FROM orders", "SELECT id FROM held LIMIT 1 FOR UPDATE"));

        assertThat(cli.run("check", "--once", "--config", config.toString())).as(cli.stdout() + cli.stderr()).isEqualTo(3);
        assertThat(cli.stdout()).containsPattern("canary_queries\\s+inconclusive").doesNotContain("breach");
    }

    @Test
    void shouldRefuseAnUnknownTarget(TestDatabase target) throws IOException {
        assertThat(cli.run("check", "--once", "--config", write(target, "0").toString(), "--target", "nope")).isEqualTo(2);
        assertThat(cli.stderr()).contains("no target named \"nope\"");
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

}
