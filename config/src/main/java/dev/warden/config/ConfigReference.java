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

                URI parameters apply to every Warden session on that database, or are refused:

                - `sslmode`: `disable`, `allow`, `prefer`, `require`, `verify-ca` or `verify-full`.
                - `connect_timeout`: whole seconds (at least 1), how long opening a pooled connection may
                  take. It stands in for the target's `connection.connect_timeout`, which must agree with
                  it when both are set.
                - `options`: `-c name=value` or `--name=value` settings only (e.g.
                  `options=-c%20search_path%3Dapp`), sent in the startup packet. `statement_timeout` and
                  `lock_timeout` there may lower the target's `connection` values but not raise or disable
                  them (a config error; on the state store the lower one applies). `application_name`,
                  `client_min_messages`, `client_encoding`, `DateStyle`, `IntervalStyle` and
                  `extra_float_digits` are Warden's own and refused.
                - `application_name`: only `warden`. Warden's lock and migration checks tell its own
                  sessions by that name, so another one would make them report Warden as the application.
                - `target_session_attrs`: only `any`. Warden connects to one host, which must be a
                  writable primary, and does not check a session's attributes after connecting.

                What `config validate` accepts, `warden run` can start with, given that the databases
                and addresses it names are there. Every value is checked as written, without asking DNS
                or connecting anywhere:

                - Durations are written `500ms`, `5s`, `10m`, `1h30m`, `7d`; the type column gives each
                  key's range. A key named `timeout` or `*_timeout` takes at most `24d`, the longest
                  timeout PostgreSQL and the network client hold; any other duration at most `3650d`.
                - Integers (ports, counts, percentages) have the range the type column gives.
                - Ports in URLs and URIs are 1 to 65535; hosts (`server.host`, a URI's host, `PGHOST`)
                  are host names or IP addresses (IPv6 with or without brackets). An all-digit name
                  such as `2147483648` is neither.
                - YAML's `.inf`, `-.inf` and `.nan` are refused wherever they are written.
                - Tokens (`server.token`, an Unleash `token`) are printable ASCII without whitespace
                  around them; an empty or blank token is an error (leave `server.token` out for none).
                - A key written twice in one mapping, and a second YAML document (`---`), are errors.

                Every message names the full key path (`targets[0].url`), what was expected and what was
                found. None ever shows a secret: a URL's password and query values are masked, tokens,
                header values and keys whose name says password, secret, token, credential or API key
                are never quoted, and a YAML syntax error gives its line and column, not the text there.

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
        out.append("""

                ## The decision matrix

                Without `decision_matrix`, these are the rules (each falls back to `freeze`):

                | issue | severity | strategy | time_budget | breaches_in_a_row |
                |---|---|---|---|---|
                """);
        for (DecisionRule rule : DecisionRule.DEFAULTS) {
            out.append("| ").append(EffectiveMatrix.name(rule.issue())).append(" | ")
                    .append(EffectiveMatrix.name(rule.severity())).append(" | ")
                    .append(EffectiveMatrix.name(rule.strategy())).append(" | ").append(rule.timeBudget().toMinutes())
                    .append("m | ").append(rule.breachesInARow()).append(" |\n");
        }
        out.append("""

                A `decision_matrix` row replaces the default row of the same issue and severity; the other
                defaults stay. `decision_matrix_defaults: false` starts from an empty matrix instead: only the
                rows given apply.

                `schema_change` (low) has no default row: `schema_drift` reports an additive, backward-compatible
                change that way so that it is recorded and alerted, and never rolled back.

                Each strategy needs settings on the target it runs on: `feature_flag` needs
                `targets[].rollback.feature_flag`; `code_revert` needs `targets[].rollback.code_revert`;
                `down_migration` needs `targets[].rollback.down_migration.tool` and a `targets[].snapshots.backup`
                (any kind, for the pre-rollback backup); `branch_swap` and `full_rollback` need
                `targets[].snapshots.backup` `clone` or `dump` (what they restore); `read_only` and `freeze` need
                nothing, nor does a rule in `mode: freeze`. On a target without them, a rule's `fallback` answers
                instead; a row without a fallback there is a config error naming the row, the target and the
                settings. `warden run` logs each target's effective matrix at start-up and `GET /api/targets`
                shows it (`decision_matrix`, with `fallback_used` and `why`).
                """);
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
