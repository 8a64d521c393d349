package dev.warden.daemon;

import ch.qos.logback.classic.LoggerContext;
import dev.warden.config.LogFormat;
import org.slf4j.LoggerFactory;

/** Switches the log format once the configuration is known; text is the default ({@link LogSetup}). */
public final class Logging {
    private Logging() {
    }

    public static void use(LogFormat format) {
        if (format != LogFormat.JSON || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        LogSetup.apply(context, LogFormat.JSON);
    }
}
