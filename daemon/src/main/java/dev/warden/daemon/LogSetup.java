package dev.warden.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.warden.config.LogFormat;
import java.util.List;

/**
 * Warden's logging, set up in code: logback finds it through the service loader before it looks for
 * an XML file, which it parses with the JDK's XML stack (about a tenth of a second of a start to
 * ready). Logs go to stderr, stdout carrying only what a command prints as its result; the root
 * level is {@code WARDEN_LOG_LEVEL} (default INFO, also for a name logback does not know); the
 * libraries speak at WARN. A
 * {@code -Dlogback.configurationFile} or a {@code logback-test.xml} on the class path still wins.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    private static final String LEVEL_VARIABLE = "WARDEN_LOG_LEVEL";
    private static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{30} - %msg%n";
    /** A cluster node logs its members and owned targets itself (daemon.cluster); Hazelcast only when it warns. */
    private static final List<String> QUIET = List.of("org.quartz", "io.zonky", "io.netty", "org.flywaydb", "com.hazelcast");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        boolean configuredElsewhere = System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getResource("/logback-test.xml") != null;
        return configure(context, configuredElsewhere, System.getenv(LEVEL_VARIABLE));
    }

    static ExecutionStatus configure(LoggerContext context, boolean configuredElsewhere, String level) {
        if (configuredElsewhere) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, LogFormat.TEXT, level);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Replaces whatever the context had with Warden's appender in {@code format}, at the root level {@code WARDEN_LOG_LEVEL} says. */
    static void apply(LoggerContext context, LogFormat format) {
        apply(context, format, System.getenv(LEVEL_VARIABLE));
    }

    /** {@code level}: a logback level's name; none or an unknown one is INFO. */
    static void apply(LoggerContext context, LogFormat format, String level) {
        Encoder<ILoggingEvent> encoder = format == LogFormat.JSON ? json() : text();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        QUIET.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(stderr);
    }

    private static Encoder<ILoggingEvent> text() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern(TEXT_PATTERN);
        return encoder;
    }

    /** One JSON object per line for log collectors, the message with its arguments filled in. */
    private static Encoder<ILoggingEvent> json() {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        return encoder;
    }
}
