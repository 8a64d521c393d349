package dev.warden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One process run to its end under {@code /usr/bin/time}: wall time (measured here, around the
 * process), CPU (user + system, of the process and its children) and peak resident set size.
 */
record Timed(int exit, double wallMillis, double cpuMillis, long peakKib) {

    /** Runs {@code command} with its output (both streams) in {@code output}. */
    static Timed run(Path output, List<String> command) throws IOException, InterruptedException {
        Path times = Files.createTempFile(output.getParent(), "time", ".txt");
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S %M", "-o", times.toString()));
        timed.addAll(command);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(timed).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        int exit = process.waitFor();
        double wall = (System.nanoTime() - start) / 1e6;
        String[] fields = Files.readAllLines(times).stream().filter(l -> l.matches("[0-9. ]+")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no times from /usr/bin/time for " + command)).trim().split(" ");
        Files.delete(times);
        return new Timed(exit, wall, (Double.parseDouble(fields[0]) + Double.parseDouble(fields[1])) * 1000,
                Long.parseLong(fields[2]));
    }
}
