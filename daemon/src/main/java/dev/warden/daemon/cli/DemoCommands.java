package dev.warden.daemon.cli;

import dev.warden.daemon.embedded.BadMigration;
import dev.warden.daemon.embedded.DemoDatabase;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code warden demo break}: Warden at work on the embedded demo, in one command. */
final class DemoCommands {
    private DemoCommands() {
    }

    @Command(name = "break", description = "Run a bad migration on the embedded demo under warden migrate: it deletes"
            + " 4 orders in 5, and Warden catches it, decides, rolls it back and writes the report.",
            exitCodeList = {
                    "0:The migration was not caught (it should have been: look at the report).",
                    "1:The migration failed its checks and was rolled back, as intended; or Warden could not be"
                            + " reached.",
                    "2:Bad usage."},
            footerHeading = "%nExamples:%n", footer = {
                    "  warden run &            # the embedded default, with its demo database",
                    "  warden demo break       # then: warden decisions, warden report ID"})
    static final class Break extends ApiCommand {
        private final PrintStream err;

        Break(Map<String, String> env, PrintStream out, PrintStream err) {
            super(env, out);
            this.err = err;
        }

        @Override
        public Integer call() {
            List<String> args = new ArrayList<>(List.of("migrate", "--target", DemoDatabase.NAME));
            if (url != null) {
                args.addAll(List.of("--url", url));
            }
            if (config != null) {
                args.addAll(List.of("--config", config.toString()));
            }
            // The migration is a real child process, as any tool would be: this same Java, this same jar.
            args.addAll(List.of("--", ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), BadMigration.class.getName()));
            return Main.run(args.toArray(String[]::new), env, out, err);
        }
    }
}
