package dev.warden.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Durations of repeated runs, in milliseconds, and the usual summary of them. */
final class Timings {
    private final List<Double> millis = new ArrayList<>();

    void add(long nanos) {
        millis.add(nanos / 1_000_000.0);
    }

    /** The latest run. */
    double last() {
        if (millis.isEmpty()) {
            throw new IllegalStateException("no runs recorded");
        }
        return millis.get(millis.size() - 1);
    }

    int count() {
        return millis.size();
    }

    double median() {
        List<Double> sorted = sorted();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Nearest-rank percentile: the smallest value that at least p% of the runs do not exceed. */
    double percentile(int p) {
        List<Double> sorted = sorted();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    double min() {
        return sorted().get(0);
    }

    double max() {
        List<Double> sorted = sorted();
        return sorted.get(sorted.size() - 1);
    }

    String summary() {
        return "median %.0f ms, p90 %.0f ms, min %.0f ms, max %.0f ms".formatted(median(), percentile(90), min(), max());
    }

    private List<Double> sorted() {
        if (millis.isEmpty()) {
            throw new IllegalStateException("no runs recorded");
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return sorted;
    }
}
