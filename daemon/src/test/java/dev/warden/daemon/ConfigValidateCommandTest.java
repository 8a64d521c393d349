package dev.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
class ConfigValidateCommandTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void shouldAcceptAValidFile() throws IOException {
        Path file = write("""
                targets:
                  - name: orders
                    url: postgres://app:pw@db/orders
                """);

        assertThat(cli.run("config", "validate", file.toString())).isZero();
        assertThat(cli.stdout()).contains("valid, 1 target");
    }

    @Test
    void shouldListEveryMistakeWithItsKeyPathAndExitTwo() throws IOException {
        Path file = write("""
                server:
                  port: 70000
                targets:
                  - name: orders
                    url: localhost
                    heartbeat_intervall: 5s
                """);

        assertThat(cli.run("config", "validate", file.toString())).isEqualTo(2);
        assertThat(cli.stderr()).contains("3 problems")
                .contains("server.port: expected an integer from 0 to 65535, found 70000")
                .contains("targets[0].url: expected a postgres:// URI, found \"localhost\"")
                .contains("targets[0].heartbeat_intervall: unknown key, did you mean \"heartbeat_interval\"?");
    }

    @Test
    void shouldNameTheTargetAndTheRuleWhenTheMatrixNamesAStrategyATargetLacks() throws IOException {
        Path file = write("""
                targets:
                  - name: orders
                    url: postgres://app:pw@db/orders
                  - name: billing
                    url: postgres://app:pw@db/billing
                    rollback: {feature_flag: {sql: {table: public.flags, key: checkout}}}
                decision_matrix:
                  - {issue: data_corruption, severity: critical, strategy: read_only, time_budget: 5m}
                  - {issue: performance_degradation, severity: medium, strategy: feature_flag, time_budget: 1m}
                """);

        assertThat(cli.run("config", "validate", file.toString())).isEqualTo(2);
        assertThat(cli.stderr()).contains("1 problem").contains("decision_matrix[1]: strategy feature_flag cannot run on"
                + " target \"orders\": it needs targets[0].rollback.feature_flag (one of sql, unleash, http); give the"
                + " target those settings or the rule a fallback (e.g. fallback: freeze)").doesNotContain("billing");
    }

    @Test
    void shouldAcceptAStrategyATargetLacksWhenTheRuleNamesAFallback() throws IOException {
        Path file = write("""
                targets:
                  - name: orders
                    url: postgres://app:pw@db/orders
                decision_matrix:
                  - {issue: performance_degradation, severity: medium, strategy: feature_flag, time_budget: 1m,
                     fallback: freeze}
                """);

        assertThat(cli.run("config", "validate", file.toString())).as(cli.stderr()).isZero();
    }

    @Test
    void shouldNeverPrintAPassword() throws IOException {
        Path file = write("""
                targets:
                  - name: orders
                    url: postgres://app:Sup3rS3cret@db/orders?sslmode=maybe
                    connection: {max_connections: 3}
                  - name: billing
                    url: "postgresql://app:Sup3rS3cret@db:notaport/billing"
                """);

        assertThat(cli.run("config", "validate", file.toString())).isEqualTo(2);
        assertThat(cli.stderr()).contains("targets[0].connection.max_connections").contains("targets[1].url");
        assertThat(cli.stdout() + cli.stderr()).doesNotContain("Sup3rS3cret");
    }

    @Test
    void shouldRefuseUriParametersWardenCannotHonourWithoutShowingThePassword() throws IOException {
        Path file = write("""
                targets:
                  - name: orders
                    url: postgres://app:Sup3rS3cret@db/orders?application_name=orders-api
                  - name: billing
                    url: postgres://app:Sup3rS3cret@db/billing?target_session_attrs=read-write
                  - name: stock
                    url: postgres://app:Sup3rS3cret@db/stock?options=-c%20statement_timeout%3D30s
                  - name: users
                    url: postgres://app:Sup3rS3cret@db/users?connect_timeout=3
                    connection: {connect_timeout: 10s}
                """);

        assertThat(cli.run("config", "validate", file.toString())).isEqualTo(2);
        assertThat(cli.stderr()).contains("4 problems")
                .contains("targets[0].url: expected application_name \"warden\" or none (Warden's lock and migration"
                        + " checks tell its own sessions by that name), found \"orders-api\"")
                .contains("targets[1].url: expected target_session_attrs \"any\" or none (Warden connects to one host,"
                        + " which must be a writable primary, and does not check session attributes), found"
                        + " \"read-write\"")
                .contains("targets[2].url: expected options statement_timeout at most"
                        + " targets[2].connection.statement_timeout (5s), found \"30s\"")
                .contains("targets[3].url: expected connect_timeout equal to targets[3].connection.connect_timeout"
                        + " (10s) or only one of them, found 3 (seconds)");
        assertThat(cli.stdout() + cli.stderr()).doesNotContain("Sup3rS3cret");
    }

    @Test
    void shouldExitTwoOnBadUsageAndMissingFiles() {
        assertThat(cli.run("config", "validate", dir.resolve("absent.yaml").toString())).isEqualTo(2);
        assertThat(cli.stderr()).contains("file not found");
        assertThat(cli.run("frobnicate")).isEqualTo(2);
        assertThat(cli.run()).isEqualTo(2);
        assertThat(cli.run("run", "--config", dir.resolve("absent.yaml").toString())).isEqualTo(2);
    }

    /** Issue 12: a PGPORT no client could use made warden run crash with a stack trace. */
    @Test
    void shouldRefuseAnUnusablePgPortWithoutAStackTrace() {
        int exit = cli.run(Map.of("PGHOST", "db.internal", "PGPORT", "99999"), "run");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.stderr()).isEqualTo("warden: the PG* environment variables: 1 problem\n"
                + "  expected a port from 1 to 65535 in PGPORT, found \"99999\"\n");
    }

    @Test
    void shouldPrintItsVersion() {
        assertThat(cli.run("version")).isZero();
        assertThat(cli.stdout()).startsWith("warden ");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("warden.yaml"), yaml);
    }
}
