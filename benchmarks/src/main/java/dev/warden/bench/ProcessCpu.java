package dev.warden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The CPU time the kernel has charged a process so far, as {@code /proc/PID/stat} says. */
final class ProcessCpu {
    private static final long CLOCK_TICKS = clockTicks();

    private ProcessCpu() {
    }

    /** User plus system CPU time of process {@code pid} so far, in seconds (fields 14 and 15 of /proc/PID/stat). */
    static double seconds(long pid) throws IOException {
        return ticksSeconds(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    /** User plus system CPU time in a {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat} line, in seconds. */
    static double ticksSeconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is the state (field 3): utime is field 14, stime field 15.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return 100;
        }
    }
}
