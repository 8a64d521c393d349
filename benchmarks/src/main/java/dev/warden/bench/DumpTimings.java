package dev.warden.bench;

/** The dump side's timings per run (dump, restore, both, the dump's checksum) and the size of the last file. */
final class DumpTimings {
    final Timings dumps = new Timings();
    final Timings restores = new Timings();
    final Timings total = new Timings();
    final Timings checksums = new Timings();
    long fileBytes;

    void add(long dumpNanos, long restoreNanos, long checksumNanos, long bytes) {
        dumps.add(dumpNanos);
        restores.add(restoreNanos);
        total.add(dumpNanos + restoreNanos);
        checksums.add(checksumNanos);
        fileBytes = bytes;
    }
}
