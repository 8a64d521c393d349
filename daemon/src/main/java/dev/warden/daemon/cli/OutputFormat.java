package dev.warden.daemon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.warden.ErrorCode;
import dev.warden.WardenException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code -o table|json|yaml} of the read commands, as a picocli mixin: the same option and the same
 * printing on every one of them. JSON and YAML are the API's answer as it came, for scripts; the table
 * is what the command makes of it for a person.
 */
final class OutputFormat {
    /**
     * Made when a command first prints YAML: every command is built at each start (picocli), and two
     * mappers made there were start-up cost for commands that never print YAML (check --once, run).
     */
    private static final class Mappers {
        static final ObjectMapper JSON = new ObjectMapper();
        static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", converter = Known.class,
            description = "table (default), json or yaml.")
    String format;

    /** Refuses an unknown format while the command line is read, before anything asks the daemon. */
    static final class Known implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!List.of("table", "json", "yaml").contains(value)) {
                throw new TypeConversionException("expected table, json or yaml, found \"" + value + "\"");
            }
            return value;
        }
    }

    /** Prints {@code answer} as JSON or YAML, or the table {@code table} makes of it. */
    void print(PrintStream out, JsonObject answer, Supplier<String> table) {
        switch (format) {
            case "table" -> out.print(table.get());
            case "json" -> out.println(answer.encodePrettily());
            case "yaml" -> out.print(yaml(answer));
            default -> throw unknown(format, "table, json or yaml");
        }
    }

    static String yaml(JsonObject answer) {
        try {
            return Mappers.YAML.writeValueAsString(Mappers.JSON.readTree(answer.encode()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WardenException unknown(String given, String expected) {
        return new WardenException(ErrorCode.BAD_USAGE, "-o: expected " + expected + ", found \"" + given + "\"");
    }
}
