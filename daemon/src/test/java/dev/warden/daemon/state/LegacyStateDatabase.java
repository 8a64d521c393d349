package dev.warden.daemon.state;

import dev.warden.testing.Sql;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A state database as Warden made it before Flyway: the same scripts, run by hand in one
 * transaction, each recorded in {@code warden.schema_version} under its old name.
 */
final class LegacyStateDatabase {
    /** The old code's script names, in order; version N is the N-th. */
    private static final List<String> OLD_NAMES = List.of("V1__targets.sql", "V2__snapshots.sql",
            "V3__decisions.sql", "V4__alerts.sql", "rollback_journal.sql");
    /** Where each script lives now. */
    private static final List<String> RESOURCES = List.of("/state/V1__targets.sql", "/state/V2__snapshots.sql",
            "/state/V3__decisions.sql", "/state/V4__alerts.sql", "/state/V5__rollback_journal.sql");

    private LegacyStateDatabase() {
    }

    /** Brings {@code state} to {@code version} the way the pre-Flyway StateSchema did. */
    static void create(Sql state, int version) {
        StringBuilder script = new StringBuilder("""
                BEGIN;
                CREATE SCHEMA IF NOT EXISTS warden;
                CREATE TABLE IF NOT EXISTS warden.schema_version (
                    version    integer PRIMARY KEY,
                    script     text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now());
                """);
        for (int v = 1; v <= version; v++) {
            script.append(read(RESOURCES.get(v - 1))).append(";\n")
                    .append("INSERT INTO warden.schema_version (version, script) VALUES (").append(v).append(", '")
                    .append(OLD_NAMES.get(v - 1)).append("');\n");
        }
        state.execute(script.append("COMMIT;").toString());
    }

    private static String read(String resource) {
        try (InputStream in = LegacyStateDatabase.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
