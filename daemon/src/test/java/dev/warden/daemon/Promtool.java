package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Prometheus's own linter, run on an exposition; installed by scripts/install-test-tools. */
public final class Promtool {
    private static final Path BINARY = Path.of("/usr/bin/promtool");

    private Promtool() {
    }

    /** What {@code promtool check metrics} finds wrong; empty when the exposition is clean. */
    public static String checkMetrics(String exposition) throws IOException, InterruptedException {
        assertThat(BINARY).as("promtool is missing: run scripts/install-test-tools (scripts/test does)").exists();
        Process check = new ProcessBuilder(BINARY.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String findings = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return check.exitValue() == 0 ? findings : "exit " + check.exitValue() + ": " + findings;
    }
}
