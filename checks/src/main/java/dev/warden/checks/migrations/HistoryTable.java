package dev.warden.checks.migrations;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tool's history table as found in the catalogue, with the tool's other tables of the same schema
 * (Liquibase's and Knex's lock tables).
 */
public record HistoryTable(CatalogTable main, List<CatalogTable> companions) {
    public HistoryTable {
        Objects.requireNonNull(main, "main");
        companions = List.copyOf(companions);
    }

    public String schema() {
        return main.schema();
    }

    /** The companion table of that name in the same schema, if it exists. */
    public Optional<CatalogTable> companion(String name) {
        return companions.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
