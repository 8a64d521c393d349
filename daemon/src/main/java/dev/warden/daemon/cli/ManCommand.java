package dev.warden.daemon.cli;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code warden man DIR}: a man page for every command, written from the same model as {@code --help}. */
@Command(name = "man", description = "Write a man page (section 1) for every warden command into a directory.",
        footerHeading = "%nExamples:%n", footer = {
                "  warden man /usr/local/share/man/man1 && man warden-migrate",
                "  warden man /tmp/pages && man -l /tmp/pages/warden-rollback-plan.1"})
final class ManCommand implements Callable<Integer> {
    private final PrintStream out;

    @Parameters(paramLabel = "DIR", description = "Where the pages go (created when missing).")
    Path dir;

    @Spec
    CommandSpec spec;

    ManCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        List<CommandLine> commands = new ArrayList<>();
        collect(spec.root().commandLine(), commands);
        try {
            Files.createDirectories(dir);
            for (CommandLine command : commands) {
                Files.writeString(dir.resolve(ManPage.fileName(command.getCommandSpec())),
                        ManPage.render(command.getCommandSpec()));
            }
        } catch (IOException e) {
            throw new WardenException(ErrorCode.FAILED, "cannot write man pages to " + dir + ": " + e.getMessage());
        }
        out.println("wrote " + commands.size() + " man pages to " + dir);
        return 0;
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        if (command.getCommandSpec().helpCommand()) {
            return; // `warden help` is the same text as --help; it needs no page of its own
        }
        into.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }
}
