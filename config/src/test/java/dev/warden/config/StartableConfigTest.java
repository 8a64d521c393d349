package dev.warden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.warden.config.schema.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, point 4: what {@code config validate} accepts, {@code run} can start. Each of these was
 * once accepted and then crashed the daemon, turned away every request, or showed a secret.
 */
class StartableConfigTest {
    private static final String TARGET = "targets: [{name: orders, url: 'postgres://app@db/orders'}]\n";

    @Test
    void shouldRefuseValuesThatOverflowOrFallOutsideTheirRangeByTheirKeyPath() {
        assertThat(problems("""
                targets:
                  - name: orders
                    url: postgres://app:pw@db:99999/orders
                    heartbeat_interval: 99999999999999d
                    connection: {statement_timeout: 30d}
                alerting:
                  alertmanagers: ["http://am:0/"]
                  webhooks: [{url: "https://hooks.example.com:65536/x"}]
                """)).containsExactly(
                "targets[0].url: expected a port from 1 to 65535 in the postgres:// URI,"
                        + " found \"postgres://app:****@db:99999/orders\"",
                "targets[0].heartbeat_interval: expected a duration of at most 3650d, found \"99999999999999d\"",
                "targets[0].connection.statement_timeout: expected a duration of at most 24d, found \"30d\"",
                "alerting.alertmanagers: expected a port from 1 to 65535 in the URL, found \"http://am:0/\" (item 1)",
                "alerting.webhooks[0].url: expected a port from 1 to 65535 in the URL,"
                        + " found \"https://hooks.example.com:65536/x\"");
    }

    @Test
    void shouldRefuseAHostNoResolverCouldTakeWithoutAskingDns() {
        assertThat(problems("server: {host: 2147483648}\n" + TARGET)).containsExactly(
                "server.host: expected a host name (such as db.internal) or an IP address (such as 10.0.0.5 or ::1),"
                        + " found \"2147483648\"");
        assertThat(ConfigLoader.parse("server: {host: '[::1]'}\n" + TARGET, "f", Map.of()).server().host())
                .isEqualTo("::1");
    }

    @Test
    void shouldRefuseABlankTokenByItsKey() {
        assertThat(problems("server: {token: '   '}\n" + TARGET))
                .containsExactly("server.token: expected a non-blank token, found only whitespace");
        assertThat(problems("server: {token: ''}\n" + TARGET))
                .containsExactly("server.token: expected a non-blank token, found an empty value");
        assertThat(problems("server: {token: ' s3cret-token '}\n" + TARGET)).containsExactly("server.token: expected a"
                + " token without whitespace around it (a request header cannot carry it), found a value (hidden)");
    }

    @Test
    void shouldRefuseInfinityAndNanWithTheirKeyPath() {
        assertThat(problems("""
                server: {port: .inf}
                targets:
                  - name: orders
                    url: postgres://app@db/orders
                    heartbeat_interval: -.inf
                    checks: {row_count_drift: {max_drop_percent: .NaN}}
                    snapshots: {schedule: .nan}
                """)).containsExactly(
                "server.port: expected an integer from 0 to 65535, found .inf (not a finite number)",
                "targets[0].heartbeat_interval: expected a duration, found -.inf (not a finite number)",
                "targets[0].snapshots.schedule: expected a cron expression, found .nan (not a finite number)",
                "targets[0].checks.row_count_drift.max_drop_percent: expected an integer from 1 to 100,"
                        + " found .nan (not a finite number)");
    }

    @Test
    void shouldNeverQuoteHeaderValuesTokensOrPasswords() {
        String yaml = """
                server: {token: [s3cret-token]}
                targets:
                  - name: orders
                    url: "postgres://app:s3cret/pw@db:0/orders"
                alerting:
                  runbook_base_url: "ftp://ops:s3cret@wiki/runbooks?key=s3cret"
                  webhooks:
                    - url: "https://hooks.example.com/x"
                      headers: {"Authorization: Bearer s3cret": "", X-Api-Key: "s3cret\\r"}
                """;
        List<String> problems = problems(yaml);
        assertThat(problems).hasSize(4).allMatch(p -> !p.contains("s3cret"));
        assertThat(problems.get(2)).isEqualTo("alerting.runbook_base_url: expected an http:// or https:// URL or an"
                + " empty string, found \"ftp://ops:****@wiki/runbooks?key=****\"");
        assertThat(problems("server: {token: 's3cret\ttoken'}\n" + TARGET)).allMatch(p -> !p.contains("s3cret"));
    }

    @Test
    void shouldShowWhereYamlBreaksButNotTheTextThere() {
        assertThat(problems("server:\n  token: s3cret: value\n" + TARGET))
                .containsExactly("line 2, column 16: not valid YAML: mapping values are not allowed here");
        assertThat(problems("targets: [{name: orders, url: !!float s3cret}]"))
                .containsExactly("line 1, column 45: not valid YAML: Malformed numeric value (not shown)");
    }

    @Test
    void shouldRefuseADuplicateKeyAndASecondDocumentByPath() {
        assertThat(problems(TARGET + "server: {port: 1, port: 2}\n---\nserver: {}\n")).containsExactly(
                "server.port: expected each key once in a mapping, found it again",
                "expected one YAML document, found more (each --- starts another)");
    }

    private static List<String> problems(String yaml) {
        try {
            ConfigLoader.parse(yaml, "warden.yaml", Map.of());
        } catch (ConfigException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        return fail("expected a problem in:\n" + yaml);
    }
}
