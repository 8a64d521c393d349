package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.daemon.grafana.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house's rules that the compiler cannot see (issue 9): one door to PostgreSQL. Outside the
 * {@code postgres} module's package, no main code opens a session or builds a pool itself, and no
 * SQLSTATE is written as a string literal (each has a name in {@code SqlState}).
 */
class HouseRulesTest {
    private static final Path DOOR = Path.of("postgres", "src", "main", "java", "dev", "warden", "postgres");
    private static final Pattern OWN_CONNECTION = Pattern.compile(
            "PgConnection\\.connect\\(|PgBuilder\\.|new PoolOptions\\(|Pool\\.pool\\(");
    /** Five upper-case letters or digits with at least one digit: 55P03, 57014, XX001, 42P04, ... */
    private static final Pattern SQLSTATE_LITERAL = Pattern.compile("\"(?=[A-Z0-9]{0,4}[0-9])[A-Z0-9]{5}\"");

    @Test
    void shouldOpenEveryPostgresSessionAndPoolThroughTheDoor() {
        assertThat(offences(OWN_CONNECTION)).isEmpty();
    }

    @Test
    void shouldNameEverySqlStateInOnePlace() {
        assertThat(offences(SQLSTATE_LITERAL)).isEmpty();
    }

    @Test
    void shouldCatchWhatTheRulesForbid() {
        assertThat(matches(OWN_CONNECTION, "return PgConnection.connect(vertx, options);")).isTrue();
        assertThat(matches(OWN_CONNECTION, "PgBuilder.pool().with(options)")).isTrue();
        assertThat(matches(SQLSTATE_LITERAL, "if (\"55P03\".equals(state))")).isTrue();
        assertThat(matches(SQLSTATE_LITERAL, "case \"XX001\" ->")).isTrue();
        assertThat(matches(SQLSTATE_LITERAL, "\"TABLE\".equals(kind)")).isFalse();
        assertThat(matches(SQLSTATE_LITERAL, "Set.of(\"GET\", \"POST\")")).isFalse();
    }

    private static boolean matches(Pattern rule, String line) {
        return rule.matcher(line).find();
    }

    /** {@code path:line: text} for every main source line outside the door that the rule forbids. */
    private static List<String> offences(Pattern rule) {
        Path root = RepositoryFiles.root();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> sources = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> root.relativize(p).toString().contains("/src/main/"))
                    .filter(p -> !root.relativize(p).startsWith(DOOR))
                    .filter(p -> !p.toString().contains("/target/"))
                    .toList();
            assertThat(sources).as("main sources found under " + root).hasSizeGreaterThan(100);
            for (Path source : sources) {
                List<String> lines = Files.readAllLines(source);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = rule.matcher(lines.get(i));
                    if (m.find()) {
                        found.add(root.relativize(source) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
