package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.warden.config.LogFormat;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What Warden's log lines look like on stderr, in text and in JSON, set up in code (no logback.xml). */
class LogSetupTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final LoggerContext context = new LoggerContext();
    private PrintStream stderr;

    @BeforeEach
    void captureStderr() {
        stderr = System.err;
        context.setMDCAdapter(new LogbackMDCAdapter());   // what logback's own start gives the global context
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        context.stop();
        System.setErr(stderr);
    }

    @Test
    void textLinesCarryUtcTimeLevelThreadLoggerAndMessage() {
        LogSetup.apply(context, LogFormat.TEXT);
        context.getLogger("dev.warden.daemon.Warden").info("Targets {} share one reading", List.of("demo"));
        context.getLogger("org.quartz.core.QuartzScheduler").info("a library's chatter");
        context.getLogger("org.quartz.core.QuartzScheduler").warn("a library's warning");

        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[" + Thread.currentThread().getName()
                .replace("[", "\\[").replace("]", "\\]") + "\\] dev\\.warden\\.daemon\\.Warden - Targets \\[demo\\] share one reading");
        assertThat(lines.get(1)).contains("WARN  ").endsWith("o.quartz.core.QuartzScheduler - a library's warning");
    }

    @Test
    void jsonLinesAreOneObjectEachWithTheMessageFilledIn() {
        LogSetup.apply(context, LogFormat.JSON);
        context.getLogger("dev.warden.daemon.Warden").warn("schema_drift on {} could not tell", "demo");

        List<String> lines = lines();
        assertThat(lines).hasSize(1);
        JsonObject line = new JsonObject(lines.get(0));
        assertThat(line.getString("level")).isEqualTo("WARN");
        assertThat(line.getString("loggerName")).isEqualTo("dev.warden.daemon.Warden");
        assertThat(line.getString("formattedMessage")).isEqualTo("schema_drift on demo could not tell");
        assertThat(line.containsKey("context")).isFalse();
    }

    @Test
    void withNothingElseConfiguredItSetsTheLevelWardenLogLevelNames() {
        assertThat(LogSetup.configure(context, false, "DEBUG"))
                .isEqualTo(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        context.getLogger("dev.warden.daemon.Warden").debug("a detail");
        assertThat(lines()).singleElement().asString().contains("DEBUG [").endsWith("- a detail");

        context.reset();
        LogSetup.configure(context, false, "verbose");
        context.getLogger("dev.warden.daemon.Warden").debug("another detail");
        context.getLogger("dev.warden.daemon.Warden").info("news");
        assertThat(lines()).as("an unknown name is INFO").hasSize(2).last().asString().endsWith("- news");
    }

    @Test
    void theServiceLoaderFindsItAndLeavesTestsTheirOwnConfiguration() {
        assertThat(new LogSetup().configure(context))
                .as("logback-test.xml is on the test class path: logback's own search must go on")
                .isEqualTo(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(java.util.ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
                .map(provider -> provider.type().getName())).contains(LogSetup.class.getName());
    }

    private List<String> lines() {
        return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n")).filter(line -> !line.isBlank()).toList();
    }
}
