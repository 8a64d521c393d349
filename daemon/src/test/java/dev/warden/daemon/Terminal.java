package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs a command on a real pseudo-terminal (util-linux {@code script}), for output meant for people only. */
public final class Terminal {
    private Terminal() {
    }

    /** What the command wrote to its terminal, carriage returns included. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        String line = command.stream().map(Terminal::quoted).collect(Collectors.joining(" "));
        Process script = new ProcessBuilder("script", "-qec", line, "/dev/null").redirectErrorStream(true).start();
        script.getOutputStream().close();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script.waitFor(2, TimeUnit.MINUTES)).as(output).isTrue();
        return output;
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
