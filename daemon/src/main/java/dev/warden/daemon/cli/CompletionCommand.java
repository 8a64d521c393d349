package dev.warden.daemon.cli;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code warden completion bash|zsh}: the completion script, generated from the commands themselves
 * so it never falls behind them. One script serves both shells: under zsh it loads bashcompinit.
 */
@Command(name = "completion", description = "Print a bash or zsh completion script for warden.",
        footerHeading = "%nExamples:%n", footer = {
                "  source <(warden completion bash)        # this shell",
                "  warden completion zsh > ~/.zfunc/_warden  # zsh, kept"})
final class CompletionCommand implements Callable<Integer> {
    private final PrintStream out;

    @Parameters(paramLabel = "SHELL", defaultValue = "bash", description = "bash (default) or zsh.")
    String shell;

    @Spec
    CommandSpec spec;

    CompletionCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new WardenException(ErrorCode.BAD_USAGE, "completion: expected bash or zsh, found \"" + shell + "\"");
        }
        out.print(AutoComplete.bash("warden", spec.root().commandLine()));
        return 0;
    }
}
