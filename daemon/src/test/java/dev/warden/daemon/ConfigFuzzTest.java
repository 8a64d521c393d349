package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;
import dev.warden.daemon.cli.Main;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 12, point 4: what {@code config validate} accepts, {@code run} can start. Generated
 * configurations ({@link ConfigGenerator}) each either validate and then start to ready against a real
 * PostgreSQL server, or are refused with exit code 2 and every problem located (a key path, or a line
 * and column for broken YAML). Across all of them nothing prints a stack trace or a secret: not
 * {@code config validate}, not the daemon's log. More: {@code -Dwarden.fuzz.configs=2000}; another
 * sequence: {@code -Dwarden.fuzz.seed=N} (or {@code scripts/stress config [CONFIGS] [SEED]}).
 */
class ConfigFuzzTest {
    private static final int CONFIGS = Integer.getInteger("warden.fuzz.configs", 300);
    private static final long SEED = Long.getLong("warden.fuzz.seed", 124L);
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);
    /** The first line of a refusal, then one problem a line: a key path, then the message. */
    private static final Pattern AT_KEY_PATH = Pattern.compile("  (?!line \\d)[^\\s:][^:]*: \\S.*");
    /** Text that is no YAML has no key path: its position locates it. */
    private static final Pattern AT_POSITION = Pattern.compile("  line \\d+, column \\d+: not valid YAML: \\S.*");
    /** The problems that concern the whole document and so have no key path. */
    private static final Pattern DOCUMENT_WIDE = Pattern.compile(
            "  expected (one YAML document|a YAML mapping at the top level), found .*");
    /** A stack frame, or an exception's own words: a validation message says what to change instead. */
    private static final Pattern STACK_TRACE = Pattern.compile("\\n\\s+at [\\w$.]+\\(|Exception in thread");
    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\w+(Exception|Error): ");

    private static EmbeddedServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = EmbeddedServer.start(PostgresServer.workDirectory().resolve("config-fuzz-" + System.nanoTime()),
                EmbeddedServer.CLASSPATH_MAJOR);
        new Sql(server.address("postgres")).execute("CREATE DATABASE shop");
        new Sql(server.address("shop")).execute("CREATE TABLE orders (id int PRIMARY KEY);"
                + " INSERT INTO orders SELECT generate_series(1, 100)");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldStartEveryConfigurationItAcceptsAndLocateEveryProblemOfTheOthersWithoutShowingSecrets()
            throws IOException {
        long began = System.nanoTime();
        ConfigGenerator generator = new ConfigGenerator(new Random(SEED), server.port(), dir.resolve("data"));
        List<String> problems = new ArrayList<>();
        int started = 0;
        int refused = 0;
        long startingNanos = 0;
        log.start();
        root.addAppender(log);
        try {
            assertThat(check(generator.base(), problems)).as("the base configuration starts: " + problems).isTrue();
            for (int i = 0; i < CONFIGS; i++) {
                long at = System.nanoTime();
                if (check(generator.next(), problems)) {
                    started++;
                    startingNanos += System.nanoTime() - at;
                } else {
                    refused++;
                }
            }
        } finally {
            root.detachAppender(log);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - began).toSeconds();
        System.out.printf("config fuzz: seed %d, %d configurations: %d validated and started to ready (%d ms each),"
                + " %d refused (exit 2); %d problems; %d s%n", SEED, CONFIGS, started,
                started == 0 ? 0 : startingNanos / started / 1_000_000, refused, problems.size(), seconds);
        assertThat(problems).as("configurations handled wrongly (seed " + SEED + ")").isEmpty();
        assertThat(started).as("configurations that started").isGreaterThan(CONFIGS / 10);
        assertThat(refused).as("configurations refused").isGreaterThan(CONFIGS / 2);
    }

    /** Validates one configuration and starts it when valid; true when it started, false when refused. */
    private boolean check(ConfigGenerator.Generated config, List<String> problems) throws IOException {
        Path file = Files.writeString(dir.resolve("warden.yaml"), config.yaml());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"config", "validate", file.toString()}, Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        String what = config.what() + " -> exit " + exit + ": ";
        expectNothingSecretOrTraced(printed, what, problems);
        if (EXCEPTION_NAME.matcher(printed).find()) {
            problems.add(what + "an exception's message: " + abbreviate(printed.replace(ConfigGenerator.MARKER, "<secret>")));
        }
        if (exit == 2) {
            List<String> lines = err.toString(StandardCharsets.UTF_8).lines().skip(1).toList();
            lines.stream().filter(line -> !AT_KEY_PATH.matcher(line).matches() && !DOCUMENT_WIDE.matcher(line).matches()
                            && !(config.brokenYaml() && AT_POSITION.matcher(line).matches()))
                    .forEach(line -> problems.add(what + "a problem without its key path: " + abbreviate(line)));
            if (lines.isEmpty()) {
                problems.add(what + "refused without a problem: " + abbreviate(printed));
            }
            return false;
        }
        if (exit != 0) {
            problems.add(what + abbreviate(printed));
            return false;
        }
        log.list.clear();
        startToReady(file, what, problems);
        for (ILoggingEvent event : log.list) {
            if (event.getThrowableProxy() != null) {
                problems.add(what + "a stack trace in the log: " + abbreviate(event.getFormattedMessage()));
            }
            expectNothingSecretOrTraced(event.getFormattedMessage(), what + "the log: ", problems);
        }
        return true;
    }

    /** Starts Warden in-process as {@code warden run --port 0} would, waits for ready, then stops it. */
    private void startToReady(Path file, String what, List<String> problems) {
        WardenConfig config = ConfigLoader.load(file, Map.of());
        Warden warden;
        try {
            warden = Warden.start(config.withServer(config.server().withPort(0)), Clock.systemUTC());
        } catch (Exception e) {
            // Future.await can rethrow a checked exception (an UnknownHostException) that start does not declare.
            problems.add(what + "validated but did not start: " + e.getClass().getSimpleName() + ": "
                    + abbreviate(String.valueOf(e.getMessage()).replace(ConfigGenerator.MARKER, "<secret>")));
            return;
        }
        try {
            await().atMost(READY_WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> ready(warden));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            problems.add(what + "validated and started but not ready within " + READY_WITHIN.toSeconds() + " s");
        } finally {
            warden.stop();
        }
    }

    private boolean ready(Warden warden) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(warden.baseUrl() + "/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void expectNothingSecretOrTraced(String printed, String what, List<String> problems) {
        if (printed.contains(ConfigGenerator.MARKER)) {
            int at = printed.indexOf(ConfigGenerator.MARKER);
            problems.add(what + "a secret printed near: "
                    + abbreviate(printed.substring(Math.max(0, at - 80), at).replace(ConfigGenerator.MARKER, "<secret>")));
        }
        if (STACK_TRACE.matcher(printed).find()) {
            problems.add(what + "a stack trace: " + abbreviate(printed.replace(ConfigGenerator.MARKER, "<secret>")));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + ")" : text;
    }
}
