package dev.warden.daemon.cli;

import dev.warden.daemon.Version;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** One command's man page in roff (man(7) macros), from the picocli model that also prints {@code --help}. */
final class ManPage {
    private ManPage() {
    }

    /** {@code warden-rollback-plan.1} for {@code warden rollback plan}. */
    static String fileName(CommandSpec spec) {
        return pageName(spec) + ".1";
    }

    static String render(CommandSpec spec) {
        StringBuilder page = new StringBuilder();
        page.append(".TH ").append(pageName(spec).toUpperCase()).append(" 1 \"\" \"warden ")
                .append(Version.current()).append("\" \"Warden Manual\"\n");
        page.append(".SH NAME\n").append(name(pageName(spec))).append(" \\- ")
                .append(prose(String.join(" ", spec.usageMessage().description()))).append('\n');
        page.append(".SH SYNOPSIS\n.nf\n").append(prose(new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(
                CommandLine.Help.Ansi.OFF)).synopsis(0).strip())).append("\n.fi\n");
        if (!spec.positionalParameters().isEmpty() || !spec.options().isEmpty()) {
            page.append(".SH OPTIONS\n");
            for (PositionalParamSpec parameter : spec.positionalParameters()) {
                if (!parameter.hidden()) {
                    item(page, "\\fI" + name(parameter.paramLabel()) + "\\fR", parameter);
                }
            }
            for (OptionSpec option : spec.options()) {
                if (!option.hidden()) {
                    item(page, Arrays.stream(option.names()).map(n -> "\\fB" + name(n) + "\\fR")
                            .collect(Collectors.joining(", "))
                            + (option.arity().max() > 0 ? " \\fI" + name(option.paramLabel()) + "\\fR" : ""), option);
                }
            }
        }
        Map<String, CommandLine> subcommands = spec.subcommands();
        if (!subcommands.isEmpty()) {
            page.append(".SH COMMANDS\n");
            subcommands.forEach((name, sub) -> page.append(".TP\n\\fB").append(name(name)).append("\\fR\n")
                    .append(prose(String.join(" ", sub.getCommandSpec().usageMessage().description()))).append('\n'));
        }
        page.append(".SH EXIT STATUS\n");
        spec.usageMessage().exitCodeList().forEach((code, meaning) ->
                page.append(".TP\n\\fB").append(code.strip()).append("\\fR\n").append(prose(meaning)).append('\n'));
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            page.append(".SH EXAMPLES\n.nf\n");
            for (String line : footer) {
                page.append(prose(line)).append('\n');
            }
            page.append(".fi\n");
        }
        String seeAlso = (spec.parent() == null ? "" : name(pageName(spec.parent())) + "(1) ")
                + subcommands.values().stream().filter(sub -> !sub.getCommandSpec().helpCommand())
                        .map(sub -> name(pageName(sub.getCommandSpec())) + "(1)").collect(Collectors.joining(" "));
        if (!seeAlso.isBlank()) {
            page.append(".SH SEE ALSO\n").append(seeAlso.strip()).append('\n');
        }
        return page.toString();
    }

    private static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    private static void item(StringBuilder page, String tag, ArgSpec arg) {
        page.append(".TP\n").append(tag).append('\n').append(prose(String.join(" ", arg.description()))).append('\n');
    }

    /** A name or option as typed: roff would otherwise render its hyphens as typographic ones. */
    private static String name(String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }

    /** Help text, whose {@code %n} and {@code %%} are picocli's format, made safe for roff. */
    private static String prose(String text) {
        String plain = text.replace("%n", "\n").replace("%%", "%").replace("\\", "\\e");
        return Arrays.stream(plain.split("\n", -1))
                .map(line -> line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line)
                .collect(Collectors.joining("\n"));
    }
}
