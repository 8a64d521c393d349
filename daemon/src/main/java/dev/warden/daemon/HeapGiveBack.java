package dev.warden.daemon;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the JVM hand back heap it no longer needs, however Warden was started: the heap-sizing flags
 * HotSpot lets a running process change, set unless the command line set them. The defaults keep up to
 * 70% of the heap free after a collection and, with G1, shrink only when an old-generation cycle happens,
 * which an idle daemon never triggers: a spike (a full schema read at 10,000 tables) then stayed resident
 * for good, and G1's young generation kept growing into committed memory (issue 14; BENCHMARKS.md,
 * "Memory"). The launcher's own flags (the serial collector, a small initial heap) do more; these are
 * for {@code java -jar} without them.
 *
 * <p>The serial and parallel collectors shrink the heap only in a full collection, which a daemon whose
 * old generation fills slowly meets once in half an hour or more: after the start-up reads of a
 * 10,000-table catalog the heap stayed at 160-210 MiB committed for well under 100 MiB live.
 * {@link #schedule} does for them what G1's periodic collection does: every {@link #EVERY}, a full
 * collection when the heap has grown past {@link #FLOOR_BYTES} and by {@link #STEP_BYTES} since the
 * last one it made; a heap that a collection could not shrink is not collected again until it grows.
 */
public final class HeapGiveBack {
    public static final Duration EVERY = Duration.ofMinutes(2);
    /** Below this a heap is left alone: a small daemon's young generation alone may commit this much. */
    static final long FLOOR_BYTES = 64L << 20;
    static final long STEP_BYTES = 16L << 20;
    /** How long G1 may go without a collection before its periodic one (in milliseconds, the flag's unit). */
    static final Duration G1_PERIODIC_COLLECTION = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(HeapGiveBack.class);
    /** Order matters: MinHeapFreeRatio may never exceed MaxHeapFreeRatio, also in between. */
    static final Map<String, String> FLAGS = flags();

    /** The committed heap after the last collection made here, and whether the heap has grown past it. */
    static final class Growth {
        private long settled;

        boolean due(long committed) {
            return committed > Math.max(FLOOR_BYTES, settled + STEP_BYTES);
        }

        void settled(long committed) {
            settled = committed;
        }
    }

    private HeapGiveBack() {
    }

    /** Under the serial or parallel collector, a full collection every {@link #EVERY} while the heap has grown. */
    public static void schedule(Vertx vertx) {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null || !(flagOn(hotspot, "UseSerialGC") || flagOn(hotspot, "UseParallelGC"))) {
            return;
        }
        Growth growth = new Growth();
        vertx.setPeriodic(EVERY.toMillis(), id -> {
            if (growth.due(committedHeap())) {
                vertx.executeBlocking(() -> {
                    long before = committedHeap();
                    System.gc();
                    growth.settled(committedHeap());
                    log.debug("Heap given back: {} MiB committed, now {} MiB", before >> 20, committedHeap() >> 20);
                    return null;
                }, false);
            }
        });
    }

    private static long committedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    private static boolean flagOn(HotSpotDiagnosticMXBean hotspot, String name) {
        try {
            return "true".equals(hotspot.getVMOption(name).getValue());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        // 10/15: at 10,000 tables (48 MiB live) the old generation kept 80 MiB with 20/40, 63 with 20/30, 50
        // with 10/15, for a few more full collections while the start-up's reads settle and none after.
        flags.put("MinHeapFreeRatio", "10");
        flags.put("MaxHeapFreeRatio", "15");
        // G1 only: a concurrent cycle after this long without any collection, which uncommits the free heap.
        flags.put("G1PeriodicGCInterval", String.valueOf(G1_PERIODIC_COLLECTION.toMillis()));
        return flags;
    }

    /** Sets what the command line left at its default; returns "name=value" of each flag set. */
    public static List<String> apply() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        List<String> set = new ArrayList<>();
        if (hotspot == null) {
            return set;
        }
        boolean g1 = flagOn(hotspot, "UseG1GC");
        for (Map.Entry<String, String> flag : FLAGS.entrySet()) {
            if (flag.getKey().startsWith("G1") && !g1) {
                continue;
            }
            try {
                if (hotspot.getVMOption(flag.getKey()).getOrigin() == VMOption.Origin.DEFAULT) {
                    hotspot.setVMOption(flag.getKey(), flag.getValue());
                    set.add(flag.getKey() + "=" + flag.getValue());
                }
            } catch (IllegalArgumentException | SecurityException e) {
                // Another JVM than HotSpot 17, or a flag it does not let a process change: keep its default.
            }
        }
        return set;
    }
}
