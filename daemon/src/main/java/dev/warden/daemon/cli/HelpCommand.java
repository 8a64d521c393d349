package dev.warden.daemon.cli;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code warden help [COMMAND...]}: the same text as {@code --help}, for a command at any depth
 * ({@code warden help rollback plan}); picocli's own help command looks one level down only.
 */
@Command(name = "help", helpCommand = true, description = "Show the help of warden or of one of its commands.",
        footerHeading = "%nExamples:%n", footer = {"  warden help migrate", "  warden help rollback plan"})
final class HelpCommand implements Callable<Integer> {
    private final PrintStream out;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, with its subcommand if it has one.")
    List<String> words = List.of();

    @Spec
    CommandSpec spec;

    HelpCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        CommandLine command = spec.root().commandLine();
        for (String word : words) {
            CommandLine sub = command.getSubcommands().get(word);
            if (sub == null) {
                throw new WardenException(ErrorCode.BAD_USAGE, "help: no command \"" + String.join(" ", words)
                        + "\"; `warden --help` lists them");
            }
            command = sub;
        }
        command.usage(out);
        return 0;
    }
}
