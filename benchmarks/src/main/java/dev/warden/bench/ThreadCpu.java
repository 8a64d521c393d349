package dev.warden.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a JVM's CPU time goes, by kind of thread: what the kernel charged each of its threads so far
 * ({@code /proc/PID/task/TID/stat}), summed by what the thread's name says it does. Two readings give the
 * time spent in between; a thread that started or ended in between counts from zero or not at all.
 */
final class ThreadCpu {
    /** The kinds, in the order they are reported; "other" takes every name not recognised. */
    static final String JIT = "JIT compilers";
    static final String EVENT_LOOPS = "event loops";
    static final String GC = "GC and VM thread";
    static final String QUARTZ = "Quartz";
    static final String OTHER = "other";

    private ThreadCpu() {
    }

    /** CPU seconds so far per thread id, with each thread's kind. */
    static Map<Long, Sample> read(long pid) throws IOException {
        Map<Long, Sample> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    double seconds = ProcessCpu.ticksSeconds(Files.readString(task.resolve("stat")));
                    threads.put(Long.parseLong(task.getFileName().toString()), new Sample(kind(name), seconds));
                } catch (NoSuchFileException ended) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return threads;
    }

    /** CPU seconds spent between two readings of the same process, by kind, largest first. */
    static Map<String, Double> between(Map<Long, Sample> before, Map<Long, Sample> after) {
        Map<String, Double> byKind = new HashMap<>();
        after.forEach((tid, now) -> {
            Sample then = before.get(tid);
            byKind.merge(now.kind(), now.seconds() - (then == null ? 0 : then.seconds()), Double::sum);
        });
        Map<String, Double> sorted = new LinkedHashMap<>();
        byKind.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    /** What a thread does, from its name as the JVM, Vert.x and Quartz give it (Linux keeps 15 characters). */
    static String kind(String name) {
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return JIT;
        }
        if (name.startsWith("vert.x-eventloo")) {
            return EVENT_LOOPS;
        }
        if (name.startsWith("GC Thread") || name.startsWith("VM Thread") || name.startsWith("G1 ")) {
            return GC;
        }
        if (name.startsWith("warden-") || name.startsWith("QuartzScheduler")) {
            return QUARTZ;
        }
        return OTHER;
    }

    record Sample(String kind, double seconds) {
    }
}
