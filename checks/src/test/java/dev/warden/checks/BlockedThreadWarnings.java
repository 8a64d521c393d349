package dev.warden.checks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.VertxOptions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Catches Vert.x's blocked-thread warnings while open. Vert.x logs through SLF4J when it is on the
 * class path, so the warnings reach logback under the checker's logger name. Pair with
 * {@link #strictOptions()} so that 100 ms on an event loop is already a warning
 * ({@code BlockedThreadWarningsTest} proves the capture sees one).
 */
public final class BlockedThreadWarnings implements AutoCloseable {
    public static final String LOGGER = "io.vertx.core.impl.BlockedThreadChecker";
    public static final long MAX_EVENT_LOOP_MILLIS = 100;
    private static final int STACK_FRAMES = 12;

    private final Logger logger = (Logger) LoggerFactory.getLogger(LOGGER);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private BlockedThreadWarnings() {
        appender.start();
        logger.addAppender(appender);
    }

    public static BlockedThreadWarnings capture() {
        return new BlockedThreadWarnings();
    }

    /**
     * One event loop (so that a lag probe shares it with the work), checked every 10 ms, warning with
     * the blocked thread's stack after {@value #MAX_EVENT_LOOP_MILLIS} ms.
     */
    public static VertxOptions strictOptions() {
        return new VertxOptions().setEventLoopPoolSize(1)
                .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_MILLIS).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(MAX_EVENT_LOOP_MILLIS).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS);
    }

    /**
     * The warnings so far, as logged (thread name and how long it was blocked), each with the top of the
     * blocked thread's stack: whether Warden's code, a library or only a system call was running.
     */
    public List<String> warnings() {
        List<ILoggingEvent> events;
        synchronized (appender) { // the checker's thread appends under this lock (AppenderBase.doAppend)
            events = List.copyOf(appender.list);
        }
        return events.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(BlockedThreadWarnings::describe).toList();
    }

    private static String describe(ILoggingEvent event) {
        IThrowableProxy stack = event.getThrowableProxy();
        if (stack == null) {
            return event.getFormattedMessage();
        }
        return event.getFormattedMessage() + " at " + Arrays.stream(stack.getStackTraceElementProxyArray())
                .limit(STACK_FRAMES).map(StackTraceElementProxy::getSTEAsString).collect(Collectors.joining(" < "));
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
