package dev.warden.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.daemon.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 15: help on every command, {@code warden help}, completion that a real bash completes with, man pages groff renders. */
class CommandHelpTest {
    private final CliRun cli = new CliRun();

    @TempDir
    Path dir;

    @Test
    void shouldAnswerHelpOnEveryCommandWithItsExitCodes() {
        List<List<String>> commands = commandPaths();
        assertThat(commands).hasSizeGreaterThan(15);
        for (List<String> path : commands) {
            for (String flag : List.of("--help", "-h")) {
                String[] args = Stream.concat(path.stream(), Stream.of(flag)).toArray(String[]::new);
                assertThat(cli.run(args)).as(String.join(" ", args) + ": " + cli.stderr()).isZero();
                assertThat(cli.stdout()).as(String.join(" ", args)).startsWith("Usage: warden")
                        .contains("-h, --help").contains("Exit codes:");
                assertThat(cli.stderr()).as(String.join(" ", args)).isEmpty();
            }
        }
    }

    @Test
    void shouldDescribeEveryCommandInItsParentsHelp() {
        walk(Main.commands(Map.of(), System.out, System.err), command -> assertThat(
                String.join(" ", command.getCommandSpec().usageMessage().description()))
                .as(command.getCommandSpec().qualifiedName()).isNotBlank());
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.stdout()).containsPattern("config\\s+Validate configuration files")
                .containsPattern("snapshot\\s+Take a snapshot").containsPattern("rollback\\s+Plan, run, approve");
    }

    /** Issue 14: a run builds the command it names alone (start-up time), and that command says the same. */
    @Test
    void shouldBuildOnlyTheCommandThatRunsAndDescribeItAsWithEveryCommand() {
        CommandLine every = Main.commands(Map.of(), System.out, System.err);
        assertThat(every.getSubcommands()).hasSizeGreaterThan(15);

        for (String name : every.getSubcommands().keySet()) {
            CommandLine built = Main.commands(Map.of(), System.out, System.err, name);
            if (List.of("help", "completion", "man").contains(name)) {
                assertThat(built.getSubcommands()).as(name + " walks every command").hasSameSizeAs(every.getSubcommands());
            } else {
                assertThat(built.getSubcommands()).as(name).containsOnlyKeys(name);
            }
            assertThat(built.getSubcommands().get(name).getUsageMessage()).as(name)
                    .isEqualTo(every.getSubcommands().get(name).getUsageMessage());
        }
        assertThat(Main.commands(Map.of(), System.out, System.err, "chek").getSubcommands())
                .as("a typo gets every command, for picocli to suggest one").hasSameSizeAs(every.getSubcommands());
        assertThat(cli.run("chek")).isEqualTo(2);
        assertThat(cli.stderr()).contains("check");
    }

    @Test
    void shouldPrintTheSameTextThroughHelpCommand() {
        cli.run("rollback", "plan", "--help");
        String direct = cli.stdout();

        assertThat(cli.run("help", "rollback", "plan")).isZero();
        assertThat(cli.stdout()).isEqualTo(direct);
        assertThat(cli.run("help", "rollback", "nope")).isEqualTo(2);
        assertThat(cli.stderr()).contains("no command \"rollback nope\"");
    }

    @Test
    void shouldListTheCheckExitCodeForInconclusiveResults() {
        cli.run("check", "--help");
        assertThat(cli.stdout()).containsPattern("3\\s+No breach, but a check could not tell");
    }

    @Test
    void shouldCompleteSubcommandsAndOptionsInARealBash() throws Exception {
        assertThat(cli.run("completion", "bash")).isZero();
        Path script = Files.writeString(dir.resolve("warden-completion.bash"), cli.stdout());

        assertThat(complete(script, "warden", "roll")).contains("rollback");
        assertThat(complete(script, "warden", "rollback", "")).contains("plan", "execute", "approve", "lift");
        assertThat(complete(script, "warden", "migrate", "--max")).contains("--max-lock-wait");

        assertThat(cli.run("completion", "zsh")).isZero();
        assertThat(cli.stdout()).contains("bashcompinit");
        assertThat(cli.run("completion", "fish")).isEqualTo(2);
        assertThat(cli.stderr()).contains("expected bash or zsh, found \"fish\"");
    }

    @Test
    void shouldWriteAManPageGroffRendersForEveryCommand() throws Exception {
        Path pages = dir.resolve("man1");
        assertThat(cli.run("man", pages.toString())).isZero();

        List<Path> written;
        try (Stream<Path> files = Files.list(pages)) {
            written = files.sorted().toList();
        }
        assertThat(written).hasSize(commandPaths().size() + 1); // and warden.1
        assertThat(cli.stdout()).contains("wrote " + written.size() + " man pages to " + pages);
        for (Path page : written) {
            Rendered rendered = groff(page);
            assertThat(rendered.warnings()).as(page.getFileName().toString()).isEmpty();
            assertThat(rendered.text()).as(page.getFileName().toString()).contains("NAME", "SYNOPSIS", "EXIT STATUS");
        }
        String migrate = groff(pages.resolve("warden-migrate.1")).text();
        assertThat(migrate).containsPattern("warden-migrate\\s+-\\s+Run\\s+a\\s+migration").contains("--max-lock-wait")
                .contains("EXAMPLES");
    }

    /** Every command's words after {@code warden}, except {@code help} itself. */
    private static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        walk(Main.commands(Map.of(), System.out, System.err), command -> {
            List<String> words = List.of(command.getCommandSpec().qualifiedName(" ").split(" "));
            if (words.size() > 1) {
                paths.add(words.subList(1, words.size()));
            }
        });
        return paths;
    }

    private static void walk(CommandLine command, java.util.function.Consumer<CommandLine> visit) {
        if (command.getCommandSpec().helpCommand()) {
            return;
        }
        visit.accept(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> walk(sub, visit));
    }

    /** What the generated script offers in a real bash for {@code words}, the last one being completed. */
    private List<String> complete(Path script, String... words) throws Exception {
        StringBuilder line = new StringBuilder("source '" + script + "'; COMP_WORDS=(");
        for (String word : words) {
            line.append('"').append(word).append("\" ");
        }
        line.append("); COMP_CWORD=").append(words.length - 1).append("; COMP_LINE=\"").append(String.join(" ", words))
                .append("\"; COMP_POINT=${#COMP_LINE}; _complete_warden warden; printf '%s\\n' \"${COMPREPLY[@]}\"");
        Process bash = new ProcessBuilder("bash", "-c", line.toString()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        return output.lines().map(String::strip).toList();
    }

    private record Rendered(String text, String warnings) {
    }

    private static Rendered groff(Path page) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("groff", ".err");
        try {
            Process groff = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-P", "-c", page.toString())
                    .redirectError(errors.toFile()).start();
            String text = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .replaceAll(".\b", "").replace('\u2010', '-').replace('\u2212', '-');
            assertThat(groff.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(groff.exitValue()).isZero();
            return new Rendered(text, Files.readString(errors));
        } finally {
            Files.delete(errors);
        }
    }
}
