package dev.warden.daemon.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What every command's help has, added once over the whole tree instead of on each class: a
 * {@code -h/--help} option (which also skips the required-option check, so {@code --help} always
 * works) and the exit codes.
 */
final class CommandHelp {
    /** What every command's exit code means, unless the command lists its own. */
    static final Map<String, String> EXIT_CODES = exitCodes();

    private CommandHelp() {
    }

    static void everywhere(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.options().stream().noneMatch(OptionSpec::usageHelp)) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help and exit.").build());
        }
        if (spec.usageMessage().exitCodeList().isEmpty()) {
            spec.usageMessage().exitCodeList(EXIT_CODES);
        }
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n");
        command.getSubcommands().values().stream().distinct().forEach(CommandHelp::everywhere);
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "Done.");
        codes.put("1", "The work failed, or Warden could not be reached.");
        codes.put("2", "Bad usage or configuration.");
        return codes;
    }
}
