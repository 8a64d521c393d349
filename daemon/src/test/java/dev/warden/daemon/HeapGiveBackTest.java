package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The heap-sizing flags, on real JVMs: this one, and one started with a flag of its own. */
class HeapGiveBackTest {

    @Test
    void setsTheFlagsTheCommandLineLeftAtTheirDefault() throws Exception {
        String output = probe(List.of("-XX:+UseG1GC"));
        assertThat(output).contains("MinHeapFreeRatio=10", "MaxHeapFreeRatio=15", "G1PeriodicGCInterval=30000")
                .contains("set: [MinHeapFreeRatio=10, MaxHeapFreeRatio=15, G1PeriodicGCInterval=30000]");
    }

    @Test
    void leavesAFlagGivenOnTheCommandLineAndG1sFlagsUnderAnotherCollector() throws Exception {
        String output = probe(List.of("-XX:+UseSerialGC", "-XX:MaxHeapFreeRatio=55"));
        assertThat(output).contains("MinHeapFreeRatio=10", "MaxHeapFreeRatio=55", "G1PeriodicGCInterval=0")
                .contains("set: [MinHeapFreeRatio=10]");
    }

    @Test
    void aHeapIsCollectedOnceItGrewPastTheFloorThenOnlyWhenItGrowsAgain() {
        long mib = 1L << 20;
        HeapGiveBack.Growth growth = new HeapGiveBack.Growth();
        assertThat(growth.due(20 * mib)).as("a small daemon's heap").isFalse();
        assertThat(growth.due(161 * mib)).as("the 10,000-table daemon after its start-up reads").isTrue();
        growth.settled(125 * mib);
        assertThat(growth.due(125 * mib)).as("what the collection left").isFalse();
        assertThat(growth.due(140 * mib)).as("grown by less than the step").isFalse();
        assertThat(growth.due(142 * mib)).as("grown by more than the step").isTrue();
        growth.settled(30 * mib);
        assertThat(growth.due(60 * mib)).as("below the floor").isFalse();
    }

    private static String probe(List<String> flags) throws IOException, InterruptedException {
        return ChildJvm.output(Probe.class, flags);
    }

    /** Applies the flags and prints what was set, then each flag's value. */
    public static final class Probe {
        public static void main(String[] args) {
            List<String> set = HeapGiveBack.apply();
            System.out.println("set: " + set);
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            for (String name : HeapGiveBack.FLAGS.keySet()) {
                System.out.println(name + "=" + hotspot.getVMOption(name).getValue());
            }
        }
    }
}
