package dev.warden.bench;

import java.util.ArrayList;
import java.util.List;

/** One daemon's memory over time: seconds since the first sample, VmRSS, heap used and committed (bytes, -1 unknown). */
final class MemorySeries {
    private record Sample(double seconds, long rss, long heapUsed, long heapCommitted) {
    }

    private final List<Sample> samples = new ArrayList<>();

    void add(double seconds, long rss, LaunchedWarden.Heap heap) {
        samples.add(new Sample(seconds, rss, heap.used(), heap.committed()));
    }

    static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** RSS at the first sample taken at or after {@code seconds}; "-" when the run was shorter. */
    String rssAtMib(double seconds) {
        return at(seconds) == null ? "-" : String.format("%.1f", mib(at(seconds).rss()));
    }

    double lastRssMib() {
        return mib(samples.get(samples.size() - 1).rss());
    }

    double maxRssMib() {
        return mib(samples.stream().mapToLong(Sample::rss).max().orElse(0));
    }

    /**
     * RSS growth from the sample at {@code seconds} to the last one, and the least-squares slope of the
     * samples after it per hour (a growth that only began could hide behind an end that happens to be low).
     */
    String growthAfterMib(double seconds) {
        Sample from = at(seconds);
        List<Sample> after = samples.stream().filter(s -> s.seconds() >= seconds).toList();
        if (from == null || after.size() < 3) {
            return "-";
        }
        double meanT = after.stream().mapToDouble(Sample::seconds).average().orElse(0);
        double meanR = after.stream().mapToDouble(s -> mib(s.rss())).average().orElse(0);
        double num = 0;
        double den = 0;
        for (Sample s : after) {
            num += (s.seconds() - meanT) * (mib(s.rss()) - meanR);
            den += (s.seconds() - meanT) * (s.seconds() - meanT);
        }
        return String.format("%+.1f (%+.1f/h)", lastRssMib() - mib(from.rss()), num / den * 3600);
    }

    /** Heap committed at the last sample. */
    String lastHeapCommittedMib() {
        long committed = samples.get(samples.size() - 1).heapCommitted();
        return committed < 0 ? "-" : String.format("%.1f", mib(committed));
    }

    /** The series as a Markdown table: minute, RSS, heap used, heap committed. */
    String table() {
        StringBuilder out = new StringBuilder("| min | RSS MiB | heap used MiB | heap committed MiB |\n|---|---|---|---|\n");
        for (Sample s : samples) {
            out.append(String.format("| %.1f | %.1f | %s | %s |%n", s.seconds() / 60, mib(s.rss()), orUnknown(s.heapUsed()),
                    orUnknown(s.heapCommitted())));
        }
        return out.toString();
    }

    static String orUnknown(long bytes) {
        return bytes < 0 ? "?" : String.format("%.1f", mib(bytes));
    }

    private Sample at(double seconds) {
        return samples.stream().filter(s -> s.seconds() >= seconds).findFirst().orElse(null);
    }
}
