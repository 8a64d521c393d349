package dev.warden.daemon;

import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the C heap's free memory back to the system on a schedule: glibc keeps what the JVM and its
 * libraries (zlib, for one) freed, and in a 10 s-check soak that retained memory was the part of the
 * RSS that kept growing (13 MiB given back by one trim after 5 minutes; BENCHMARKS.md, "Memory"). Uses
 * the JVM's own {@code System.trim_native_heap} diagnostic command (HotSpot 17.0.9 and later), in
 * process, so that it works however Warden was started; elsewhere it does nothing.
 */
public final class NativeHeapTrim {
    public static final Duration EVERY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(NativeHeapTrim.class);
    private static final String OPERATION = "systemTrimNativeHeap";

    private final MBeanServer server;
    private final ObjectName command;

    private NativeHeapTrim(MBeanServer server, ObjectName command) {
        this.server = server;
        this.command = command;
    }

    /** The trim, when this JVM offers it. */
    public static Optional<NativeHeapTrim> available() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName command = new ObjectName("com.sun.management:type=DiagnosticCommand");
            boolean offered = Arrays.stream(server.getMBeanInfo(command).getOperations())
                    .anyMatch(op -> op.getName().equals(OPERATION) && op.getSignature().length == 0);
            return offered ? Optional.of(new NativeHeapTrim(server, command)) : Optional.empty();
        } catch (JMException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Trims now; returns the JVM's report ("Trim native heap: RSS+Swap: 147M->133M (-13444K)"). */
    public String trim() {
        try {
            return String.valueOf(server.invoke(command, OPERATION, new Object[0], new String[0]));
        } catch (JMException e) {
            return "not trimmed: " + e.getMessage();
        }
    }

    /**
     * Trims every {@link #EVERY} on a worker thread (malloc_trim walks the heap) while {@code vertx} runs.
     * The command is looked up on the first turn, not here: the lookup builds the platform MBean server,
     * and with it JFR's MXBean, which then instruments every JFR event class loaded (Netty's among them),
     * about a tenth of start-up's CPU that nothing before the first trim needs (BENCHMARKS.md, "startup").
     */
    public static void schedule(Vertx vertx) {
        AtomicReference<Optional<NativeHeapTrim>> found = new AtomicReference<>();
        vertx.setPeriodic(EVERY.toMillis(), id -> vertx.executeBlocking(() -> {
            Optional<NativeHeapTrim> trim = found.updateAndGet(known -> known != null ? known : available());
            if (trim.isPresent()) {
                log.debug("{}", trim.get().trim());
            } else {
                vertx.cancelTimer(id);
            }
            return null;
        }, false));
    }
}
