package dev.warden.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@link SwapComparison} measured: each way's times, and where branch_swap's time went by its journal. */
final class SwapTimings {
    final Timings swaps = new Timings();
    final Timings plans = new Timings();
    final Timings restores = new Timings();
    final Timings stops = new Timings();
    final Timings dataCopies = new Timings();
    final Timings databaseCopies = new Timings();
    final Timings starts = new Timings();
    /** Stop, copy of the data directory, start: how long the server is away for a copy. */
    final Timings coldCopies = new Timings();
    /** From execute() to the first step journaled as started: fence, journal create and begin, the step's done(). */
    final Timings beforeFirstStep = new Timings();
    /**
     * Per step, from the previous step's last event (the first step: from its start) to its own last
     * event: the fence check, done(), the work and the journal writes. A step that found its effect
     * in place shows as skipped.
     */
    /** From the last step's end to execute() returning: the journal's finish, the fence's release. */
    final Timings afterLastStep = new Timings();
    final Map<String, Timings> steps = new LinkedHashMap<>();
    /**
     * From block_connections journaled as started to rename_restored_to_target journaled as
     * succeeded: at most this long, clients of the target are refused (the restore under the new
     * name already accepts connections, so allow_connections finds nothing to do).
     */
    final Timings doorShut = new Timings();
    long dataBytes;
    long databaseBytes;
    long walBytes;

    void addJournal(JournalTimes journaled, Instant executeAt, Instant returnedAt) {
        beforeFirstStep.add(Duration.between(executeAt, journaled.firstStepStarted()).toNanos());
        Instant previous = journaled.firstStepStarted();
        for (JournalTimes.StepTimes step : journaled.steps()) {
            String label = step.name() + (step.skipped() ? " (skipped: already done)" : "");
            steps.computeIfAbsent(label, name -> new Timings()).add(Duration.between(previous, step.ended()).toNanos());
            previous = step.ended();
        }
        afterLastStep.add(Duration.between(previous, returnedAt).toNanos());
        doorShut.add(Duration.between(step(journaled, "block_connections").started(),
                step(journaled, "rename_restored_to_target").ended()).toNanos());
    }

    private static JournalTimes.StepTimes step(JournalTimes journaled, String name) {
        return journaled.steps().stream().filter(s -> s.name().equals(name) && s.started() != null).findFirst()
                .orElseThrow(() -> new IllegalStateException("rollback " + journaled.id() + " did not run " + name));
    }

    void addCopy(long stopNanos, long dataNanos, long databaseNanos, long startNanos) {
        stops.add(stopNanos);
        dataCopies.add(dataNanos);
        databaseCopies.add(databaseNanos);
        starts.add(startNanos);
        coldCopies.add(stopNanos + dataNanos + startNanos);
    }

    double restoreRatio() {
        return restores.median() / swaps.median();
    }

    double dataCopyRatio() {
        return dataCopies.median() / swaps.median();
    }

    double databaseCopyRatio() {
        return databaseCopies.median() / swaps.median();
    }

    void print(int jobs) {
        System.out.println("branch_swap (execute):         " + swaps.summary());
        System.out.println("  plan (apart, before it):     " + plans.summary());
        System.out.println("  fence + journal, 1st step:   " + beforeFirstStep.summary());
        steps.forEach((name, t) -> System.out.printf("  step %-48s median %.1f ms, min %.1f ms, max %.1f ms%n", name,
                t.median(), t.min(), t.max()));
        System.out.println("  after the last step:         " + afterLastStep.summary());
        System.out.println("  target refused connections:  " + doorShut.summary() + " (block_connections to the second rename)");
        System.out.println("pg_restore -j" + jobs + " (createdb too):   " + restores.summary());
        System.out.printf("cp -a data directory (%d MiB, of which pg_wal %d MiB): %s%n", dataBytes >> 20, walBytes >> 20,
                dataCopies.summary());
        System.out.printf("cp -a database dir (%d MiB):   %s%n", databaseBytes >> 20, databaseCopies.summary());
        System.out.println("  server stop:                 " + stops.summary());
        System.out.println("  server start:                " + starts.summary());
        System.out.println("  stop + data copy + start:    " + coldCopies.summary());
        System.out.printf("ratios of medians: pg_restore -j%d / branch_swap %.1f, data dir copy / branch_swap %.1f,"
                + " database dir copy / branch_swap %.1f%n", jobs, restoreRatio(), dataCopyRatio(), databaseCopyRatio());
    }
}
