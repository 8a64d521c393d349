package dev.warden.checks.builtin;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where the corruption check's passes over one target's relations stand, kept in memory between runs:
 * the oid the next run starts after, how far the current pass has got and when a pass last covered
 * every relation. Synchronized because a recheck may run beside a scheduled run, on another event loop.
 * After a restart the passes start again from the first relation.
 */
final class Rotation {
    private long cursor;
    private long passDone;
    private long fullPasses;
    private Instant lastFullPass;

    /** The oid the next relation comes after. */
    synchronized long cursor() {
        return cursor;
    }

    /** The walk got through this relation (verified, skipped or given up on): the pass moves past it. */
    synchronized void passed(long oid) {
        cursor = oid;
        passDone++;
    }

    /** The walk reached the last relation: the pass is whole, and the next one starts from the first. Kept to the ms, for people. */
    synchronized void passCompleted(Instant at) {
        cursor = 0;
        passDone = 0;
        fullPasses++;
        lastFullPass = at.truncatedTo(ChronoUnit.MILLIS);
    }

    synchronized Progress progress() {
        return new Progress(passDone, fullPasses, lastFullPass);
    }

    /**
     * @param passDone     relations the current pass has got through
     * @param fullPasses   passes completed since Warden started
     * @param lastFullPass when the last one completed; null if none has
     */
    record Progress(long passDone, long fullPasses, Instant lastFullPass) {
        int percentOf(long total) {
            return total <= 0 ? 100 : (int) Math.min(100, passDone * 100 / total);
        }
    }
}
