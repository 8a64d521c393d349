package dev.warden.config;

import dev.warden.config.schema.Key;
import dev.warden.config.schema.Section;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the configuration key reference ({@code docs/configuration.md}) from the key
 * definitions themselves, so that the page cannot drift from the code.
 */
public final class ConfigReference {
    private ConfigReference() {
    }

    /** Every key with its full path ({@code targets[].connection.lock_timeout}). */
    public static List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        collect(WardenConfig.SCHEMA, "", entries);
        return entries;
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder("""
                # Configuration reference

                Warden reads one YAML file (`warden run --config FILE`). String values may use `${VAR}` and
                `${VAR:-default}` to read the environment (`$$` is a literal `$`). Connection URIs are
                libpq's `postgres://user:password@host:port/database?sslmode=...`; what a URI leaves out
                comes from `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE` and `PGSSLMODE`.
                Unknown keys are errors, and `warden config validate FILE` lists every problem at once.

                This page is generated from the key definitions; `ConfigReferenceTest` fails when it is
                out of date (regenerate it with `mvn -pl config test -Dwarden.docs.update=true`).

                | key | type | default | description |
                |---|---|---|---|
                """);
        for (Entry entry : entries()) {
            out.append("| `").append(entry.path()).append("` | ").append(entry.key().type().name()).append(" | ")
                    .append(defaultCell(entry.key()))
                    .append(" | ").append(entry.key().description().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    /** Literal defaults as code; derived ones ("required", "1 for critical, else 3") as prose. */
    private static String defaultCell(Key<?> key) {
        if (key.defaultText().isEmpty()) {
            return "(none)";
        }
        return key.defaultValue() == null ? key.defaultText() : "`" + key.defaultText() + "`";
    }

    public record Entry(String path, Key<?> key) {
    }

    private static void collect(Section section, String prefix, List<Entry> entries) {
        for (Key<?> key : section.keys()) {
            entries.add(new Entry(prefix + key.name(), key));
        }
        for (Section child : section.sections()) {
            collect(child, prefix + child.name() + (child.repeated() ? "[]." : "."), entries);
        }
    }
}
