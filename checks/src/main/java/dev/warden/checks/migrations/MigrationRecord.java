package dev.warden.checks.migrations;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of a migration tool's history, normalised.
 *
 * @param tool      the tool's name, one of {@link MigrationTools}
 * @param schema    the schema that holds the tool's history table
 * @param version   the tool's identifier of the migration (Flyway's version, a Prisma or Knex migration name,
 *                  a Liquibase changeset id, ...); null for Flyway's repeatable migrations
 * @param name      a human-readable name or description; may repeat the version when the tool has nothing else
 * @param appliedAt when the tool recorded it, or null when the tool does not record a time
 * @param duration  how long it ran, or null when the tool does not record it
 * @param state     where it stands
 */
public record MigrationRecord(String tool, String schema, String version, String name, Instant appliedAt,
                              Duration duration, MigrationState state) {
    public MigrationRecord {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(state, "state");
    }
}
