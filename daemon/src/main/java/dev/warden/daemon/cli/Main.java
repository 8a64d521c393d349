package dev.warden.daemon.cli;

import dev.warden.WardenException;
import dev.warden.daemon.NettyBuffers;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/** {@code warden}: the command line. Exit codes: 0 success, 1 the work failed, 2 bad usage or config. */
public final class Main {
    private static final Set<String> WALK_EVERY_COMMAND = Set.of("help", "completion", "man");

    private Main() {
    }

    public static void main(String[] args) {
        NettyBuffers.configure();
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        int code;
        try {
            code = run(args, System.getenv(), System.out, System.err);
        } catch (RuntimeException | Error e) {
            // Whatever escapes a command still ends the process: Vert.x's threads would otherwise keep a daemon
            // that stopped half-way alive (seen: a class that could not be loaded after the jar was rebuilt under it).
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CommandLine cli = commands(env, out, err, args.length > 0 ? args[0] : null);
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
        return commands(env, out, err, null);
    }

    /**
     * The command line for a run whose first word is {@code first}: when it names a command, that
     * command alone (with its subcommands) is built, as picocli's model of every command was a fifth
     * of a one-shot check's Java time at start; anything else (no command, an option, a typo, and the
     * help, completion and man commands, which walk every command) gets every command.
     */
    static CommandLine commands(Map<String, String> env, PrintStream out, PrintStream err, String first) {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("run", () -> new RunCommand(env, out));
        all.put("status", () -> new StatusCommand(env, out));
        all.put("config", () -> Commands.group("config", "Validate configuration files.")
                .addSubcommand("validate", new Commands.ConfigValidate(env, out, err)));
        all.put("snapshot", () -> Commands.group("snapshot", "Take a snapshot of a target now, or list its snapshots.")
                .addSubcommand("create", new SnapshotCommands.Create(env, out))
                .addSubcommand("list", new SnapshotCommands.ListSnapshots(env, out)));
        all.put("check", () -> new CheckOnceCommand(env, out));
        all.put("rollback", () -> Commands.group("rollback", "Plan, run, approve, lift and list rollbacks.")
                .addSubcommand("plan", new RollbackCommands.Plan(env, out))
                .addSubcommand("execute", new RollbackCommands.Execute(env, out))
                .addSubcommand("approve", new RollbackCommands.Approve(env, out))
                .addSubcommand("lift", new RollbackCommands.Lift(env, out))
                .addSubcommand("list", new RollbackCommands.ListRollbacks(env, out)));
        all.put("decisions", () -> new DecisionsCommand(env, out));
        all.put("migrate", () -> new MigrateCommand(env, out));
        all.put("drill", () -> new DrillCommand(env, out));
        all.put("report", () -> new ReportCommand(env, out));
        all.put("databases", () -> Commands.group("databases", "List what Warden made beside a target; prune old"
                + " replaced databases.")
                .addSubcommand("list", new DatabasesCommands.ListDatabases(env, out))
                .addSubcommand("prune", new DatabasesCommands.Prune(env, out)));
        all.put("demo", () -> Commands.group("demo", "Show Warden at work on the embedded demo database.")
                .addSubcommand("break", new DemoCommands.Break(env, out, err)));
        all.put("version", () -> new Commands.PrintVersion(out));
        all.put("help", () -> new HelpCommand(out));
        all.put("completion", () -> new CompletionCommand(out));
        all.put("man", () -> new ManCommand(out));
        boolean alone = first != null && all.containsKey(first) && !WALK_EVERY_COMMAND.contains(first);
        CommandLine cli = new CommandLine(new Commands.Top());
        all.forEach((name, command) -> {
            if (!alone || name.equals(first)) {
                cli.addSubcommand(name, command.get());
            }
        });
        CommandHelp.everywhere(cli);
        return cli;
    }
}
