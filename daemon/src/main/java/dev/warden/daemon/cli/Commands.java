package dev.warden.daemon.cli;

import dev.warden.config.ConfigException;
import dev.warden.config.ConfigLoader;
import dev.warden.config.WardenConfig;
import dev.warden.daemon.Version;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
/** The small commands; {@link RunCommand} has a file of its own. */
final class Commands {
    private Commands() {
    }

    @Command(name = "warden", mixinStandardHelpOptions = true, versionProvider = PrintVersion.class,
            description = "Guards PostgreSQL databases while their schemas change.")
    static final class Top implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return 2;
        }
    }

    /** A command that only groups subcommands: alone, it prints its usage and exits 2. */
    static CommandLine group(String name, String description) {
        CommandLine group = new CommandLine(new Group());
        group.getCommandSpec().name(name).usageMessage().description(description);
        return group;
    }

    @Command
    static final class Group implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return 2;
        }
    }

    @Command(name = "validate", description = "Check a configuration file and list every problem in it.",
            footerHeading = "%nExamples:%n", footer = "  warden config validate /etc/warden/warden.yaml")
    static final class ConfigValidate implements Callable<Integer> {
        private final Map<String, String> env;
        private final PrintStream out;
        private final PrintStream err;

        @Parameters(paramLabel = "FILE", description = "The YAML configuration file.")
        Path file;

        ConfigValidate(Map<String, String> env, PrintStream out, PrintStream err) {
            this.env = env;
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            try {
                WardenConfig config = ConfigLoader.load(file, env);
                out.println(file + ": valid, " + config.targets().size()
                        + (config.targets().size() == 1 ? " target" : " targets"));
                return 0;
            } catch (ConfigException e) {
                err.println(e.getMessage());
                return e.code().exitCode();
            }
        }
    }

    @Command(name = "version", description = "Print Warden's version.")
    static final class PrintVersion implements Callable<Integer>, picocli.CommandLine.IVersionProvider {
        private final PrintStream out;

        PrintVersion() {
            this(System.out);
        }

        PrintVersion(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            out.println("warden " + Version.current());
            return 0;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"warden " + Version.current()};
        }
    }
}
