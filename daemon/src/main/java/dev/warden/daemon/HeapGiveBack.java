package dev.warden.daemon;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the JVM hand back heap it no longer needs, however Warden was started: the heap-sizing flags
 * HotSpot lets a running process change, set unless the command line set them. The defaults keep up to
 * 70% of the heap free after a collection and, with G1, shrink only when an old-generation cycle happens,
 * which an idle daemon never triggers: a spike (a full schema read at 10,000 tables) then stayed resident
 * for good, and G1's young generation kept growing into committed memory (issue 14; BENCHMARKS.md,
 * "Memory"). The launcher's own flags (the serial collector, a small initial heap) do more; these are
 * for {@code java -jar} without them.
 */
public final class HeapGiveBack {
    /** Order matters: MinHeapFreeRatio may never exceed MaxHeapFreeRatio, also in between. */
    static final Map<String, String> FLAGS = flags();

    private HeapGiveBack() {
    }

    private static Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("MinHeapFreeRatio", "20");
        flags.put("MaxHeapFreeRatio", "40");
        // G1 only: a concurrent cycle after 30 s without any collection, which uncommits the free heap.
        flags.put("G1PeriodicGCInterval", "30000");
        return flags;
    }

    /** Sets what the command line left at its default; returns "name=value" of each flag set. */
    public static List<String> apply() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        List<String> set = new ArrayList<>();
        if (hotspot == null) {
            return set;
        }
        boolean g1 = "true".equals(hotspot.getVMOption("UseG1GC").getValue());
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
