package dev.warden.daemon.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.daemon.Promtool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Alertmanager's own configuration checker, from Debian's prometheus-alertmanager package. */
final class Amtool {
    private static final Path BINARY = Path.of("/usr/bin/amtool");

    private Amtool() {
    }

    /** {@code amtool check-config FILE}. */
    static Promtool.Result checkConfig(Path config) throws IOException, InterruptedException {
        assertThat(BINARY).as("amtool is missing: run scripts/install-test-tools (prometheus-alertmanager)").exists();
        Process process = new ProcessBuilder(BINARY.toString(), "check-config", config.toString())
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("amtool finished").isTrue();
        return new Promtool.Result(process.exitValue(), output);
    }
}
