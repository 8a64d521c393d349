package dev.warden.daemon.cli;

import dev.warden.WardenException;
import dev.warden.daemon.NettyBuffers;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** {@code warden}: the command line. Exit codes: 0 success, 1 the work failed, 2 bad usage or config. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        NettyBuffers.configure();
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CommandLine cli = commands(env, out, err);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof WardenException warden) {
                err.println("warden: " + warden.getMessage());
                return warden.code().exitCode();
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** Every command, each with {@code --help} and its exit codes. */
    static CommandLine commands(Map<String, String> env, PrintStream out, PrintStream err) {
        CommandLine config = Commands.group("config", "Validate configuration files.")
                .addSubcommand("validate", new Commands.ConfigValidate(env, out, err));
        CommandLine snapshot = Commands.group("snapshot", "Take a snapshot of a target now, or list its snapshots.")
                .addSubcommand("create", new SnapshotCommands.Create(env, out))
                .addSubcommand("list", new SnapshotCommands.ListSnapshots(env, out));
        CommandLine rollback = Commands.group("rollback", "Plan, run, approve, lift and list rollbacks.")
                .addSubcommand("plan", new RollbackCommands.Plan(env, out))
                .addSubcommand("execute", new RollbackCommands.Execute(env, out))
                .addSubcommand("approve", new RollbackCommands.Approve(env, out))
                .addSubcommand("lift", new RollbackCommands.Lift(env, out))
                .addSubcommand("list", new RollbackCommands.ListRollbacks(env, out));
        CommandLine databases = Commands.group("databases", "List what Warden made beside a target; prune old"
                + " replaced databases.")
                .addSubcommand("list", new DatabasesCommands.ListDatabases(env, out))
                .addSubcommand("prune", new DatabasesCommands.Prune(env, out));
        CommandLine demo = Commands.group("demo", "Show Warden at work on the embedded demo database.")
                .addSubcommand("break", new DemoCommands.Break(env, out, err));
        CommandLine cli = new CommandLine(new Commands.Top())
                .addSubcommand("run", new RunCommand(env, out))
                .addSubcommand("status", new StatusCommand(env, out))
                .addSubcommand("config", config)
                .addSubcommand("snapshot", snapshot)
                .addSubcommand("check", new CheckOnceCommand(env, out))
                .addSubcommand("rollback", rollback)
                .addSubcommand("decisions", new DecisionsCommand(env, out))
                .addSubcommand("migrate", new MigrateCommand(env, out))
                .addSubcommand("drill", new DrillCommand(env, out))
                .addSubcommand("report", new ReportCommand(env, out))
                .addSubcommand("databases", databases)
                .addSubcommand("demo", demo)
                .addSubcommand("version", new Commands.PrintVersion(out))
                .addSubcommand("help", new HelpCommand(out))
                .addSubcommand("completion", new CompletionCommand(out))
                .addSubcommand("man", new ManCommand(out));
        CommandHelp.everywhere(cli);
        return cli;
    }
}
