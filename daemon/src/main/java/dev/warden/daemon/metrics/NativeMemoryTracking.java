package dev.warden.daemon.metrics;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** Whether the JVM tracks its native memory (-XX:NativeMemoryTracking), read from its flag. */
final class NativeMemoryTracking {
    private NativeMemoryTracking() {
    }

    /** True unless the flag says off; a JVM without the flag (not HotSpot) is asked as before, so true. */
    static boolean on() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null) {
            return true;
        }
        try {
            return !"off".equals(hotspot.getVMOption("NativeMemoryTracking").getValue());
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
