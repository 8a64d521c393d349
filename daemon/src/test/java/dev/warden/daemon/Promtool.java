package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prometheus's own linter, run on an exposition or on rule and config files; installed by scripts/install-test-tools. */
public final class Promtool {
    private static final Path BINARY = Path.of("/usr/bin/promtool");

    /** What promtool printed (standard output and error together) and its exit code. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private Promtool() {
    }

    /** What {@code promtool check metrics} finds wrong; empty when the exposition is clean. */
    public static String checkMetrics(String exposition) throws IOException, InterruptedException {
        Result check = run(exposition, "check", "metrics");
        return check.ok() ? check.output() : "exit " + check.exitCode() + ": " + check.output();
    }

    /** {@code promtool check rules FILE...}: syntax, PromQL and templates of rule files. */
    public static Result checkRules(Path... ruleFiles) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        for (Path file : ruleFiles) {
            args.add(file.toString());
        }
        return run(null, args.toArray(String[]::new));
    }

    /** {@code promtool test rules FILE}: the rule unit tests in that file. */
    public static Result testRules(Path testFile) throws IOException, InterruptedException {
        return run(null, "test", "rules", testFile.toString());
    }

    /** {@code promtool check config FILE}: a Prometheus configuration and the rule files it names. */
    public static Result checkConfig(Path configFile) throws IOException, InterruptedException {
        return run(null, "check", "config", configFile.toString());
    }

    /** @param stdin written to promtool's standard input, or null for none */
    private static Result run(String stdin, String... args) throws IOException, InterruptedException {
        assertThat(BINARY).as("promtool is missing: run scripts/install-test-tools (scripts/test does)").exists();
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
