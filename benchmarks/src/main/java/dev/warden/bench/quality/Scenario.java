package dev.warden.bench.quality;

import java.time.Duration;
import java.util.Set;

/**
 * One scenario of the decision-quality suite, as data: what is done to a fresh copy of the shop
 * database before Warden watches it ({@code setup}), what is done while it watches ({@code workload}),
 * and what Warden should make of it. A BAD scenario is caught when Warden decides on one of
 * {@code issues} within {@code window} of the workload's start; a BENIGN one must see no decision at
 * all (its window lasts at least {@link #SETTLE} past the workload's end, so that a breach that needs
 * three in a row has the time to become one).
 *
 * @param needs a command that must be on the PATH (pgbench), or null; without it the scenario is skipped
 */
public record Scenario(String name, Expect expect, Set<String> issues, Step setup, Step workload, Duration window,
                       String needs) {
    /** Bad scenarios are watched this long from the workload's start; benign ones at least this long. */
    public static final Duration WINDOW = Duration.ofSeconds(15);
    /** A benign workload is watched at least this long after it ends. */
    public static final Duration SETTLE = Duration.ofSeconds(8);

    public enum Expect { BAD, BENIGN }

    static Scenario bad(String name, Set<String> issues, Step setup, Step workload) {
        return new Scenario(name, Expect.BAD, issues, setup, workload, WINDOW, null);
    }

    static Scenario bad(String name, Set<String> issues, Step workload) {
        return bad(name, issues, Step.NOTHING, workload);
    }

    static Scenario benign(String name, Step setup, Step workload) {
        return new Scenario(name, Expect.BENIGN, Set.of(), setup, workload, WINDOW, null);
    }

    static Scenario benign(String name, Step workload) {
        return benign(name, Step.NOTHING, workload);
    }

    Scenario needing(String command) {
        return new Scenario(name, expect, issues, setup, workload, window, command);
    }

    String expected() {
        return expect == Expect.BAD ? "bad(" + String.join("|", issues) + ")" : "benign";
    }
}
