package dev.warden.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Configurations for {@link ConfigFuzzTest}: a valid base that watches a real database, with one to
 * three mutations drawn from a seeded {@link Random}. Secrets (the target's password, the token, a
 * webhook header) carry {@link #MARKER}, so that any message showing one is caught.
 *
 * <p>A mutation either breaks the configuration or keeps it pointing at the test server: a valid URI
 * to a port nobody listens on would validate and rightly never become ready, which is not what the
 * test asks about.
 */
final class ConfigGenerator {
    static final String MARKER = "S3cr3tMark";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = new YAMLMapper();
    /** A value written into the YAML text as is (.inf, an alias, a tag), where the tree would quote it. */
    private static final Pattern RAW = Pattern.compile("\"@@raw:(.*?)@@\"");
    private static final String[] DURATIONS = {"server.shutdown_timeout", "targets.0.heartbeat_interval",
            "targets.0.connection.statement_timeout", "targets.0.connection.lock_timeout",
            "targets.0.connection.connect_timeout", "targets.0.connection.reconnect_initial_backoff",
            "targets.0.connection.reconnect_max_backoff", "targets.0.snapshots.max_age",
            "targets.0.snapshots.exact_count_timeout", "targets.0.checks.row_count_drift.schedule",
            "targets.0.checks.row_count_drift.timeout", "targets.0.checks.lock_waits.warn_after",
            "targets.0.checks.lock_waits.critical_after", "alerting.resend_interval", "alerting.timeout",
            "alerting.resolved_resend_for", "decision_matrix.0.time_budget", "decision_matrix.0.cooldown"};
    private static final String[] INTEGERS = {"server.port", "targets.0.connection.max_connections",
            "targets.0.snapshots.keep_last", "targets.0.snapshots.top_tables",
            "targets.0.checks.row_count_drift.max_drop_percent", "incidents.close_after_passes",
            "decision_matrix.0.breaches_in_a_row"};
    private static final String[] STRINGS = {"targets.0.name", "server.host", "targets.0.snapshots.schedule",
            "decision_matrix.0.strategy", "server.log_format", "targets.0.critical_tables.0"};

    private final Random random;
    private final int pgPort;
    private final Path dataDir;
    /** Whether the configuration being made is no longer YAML, so that only a line and column can locate it. */
    private boolean brokenYaml;

    ConfigGenerator(Random random, int pgPort, Path dataDir) {
        this.random = random;
        this.pgPort = pgPort;
        this.dataDir = dataDir;
    }

    /**
     * One configuration: its YAML, a short account of what was changed, and whether the text was made
     * into something that is not YAML (the only problem located by line and column, not by key path).
     */
    record Generated(String yaml, String what, boolean brokenYaml) {
    }

    Generated base() {
        return new Generated(write(baseTree()), "the base", false);
    }

    Generated next() {
        brokenYaml = false;
        ObjectNode tree = baseTree();
        List<String> what = new ArrayList<>();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            what.add(mutate(tree));
        }
        String yaml = write(tree);
        if (random.nextInt(8) == 0) {
            String[] odd = oddity(yaml);
            yaml = odd[0];
            what.add(odd[1]);
        }
        return new Generated(yaml, String.join("; ", what), brokenYaml);
    }

    private ObjectNode baseTree() {
        ObjectNode root = NODES.objectNode();
        root.putObject("server").put("port", 0).put("host", "127.0.0.1").put("token", MARKER + "-token")
                .put("shutdown_timeout", "5s").put("data_dir", dataDir.toString());
        root.putObject("state").put("url", uri("warden"));
        ObjectNode target = root.putArray("targets").addObject().put("name", "shop").put("url", uri("shop"))
                .put("heartbeat_interval", "10s");
        target.putArray("critical_tables").add("orders");
        target.putObject("connection").put("statement_timeout", "5s").put("lock_timeout", "1s")
                .put("connect_timeout", "5s").put("reconnect_initial_backoff", "1s").put("reconnect_max_backoff", "30s");
        target.putObject("snapshots").put("schedule", "off").put("keep_last", 24).put("top_tables", 20)
                .put("max_age", "7d").put("exact_count_timeout", "2s");
        ObjectNode checks = target.putObject("checks");
        checks.putObject("row_count_drift").put("schedule", "30s").put("timeout", "20s").put("max_drop_percent", 20);
        checks.putObject("lock_waits").put("warn_after", "5s").put("critical_after", "30s");
        root.putArray("decision_matrix").addObject().put("issue", "data_corruption").put("severity", "critical")
                .put("strategy", "freeze").put("time_budget", "5m").put("cooldown", "10m").put("breaches_in_a_row", 1);
        root.putObject("incidents").put("close_after_passes", 3);
        ObjectNode alerting = root.putObject("alerting").put("resend_interval", "1m").put("timeout", "2s")
                .put("resolved_resend_for", "5m");
        ObjectNode webhook = alerting.putArray("webhooks").addObject().put("url", "http://127.0.0.1:9/hooks/warden");
        webhook.putObject("headers").put("Authorization", "Bearer " + MARKER + "-header");
        return root;
    }

    private String uri(String database) {
        return "postgres://postgres:" + MARKER + "-pw@localhost:" + pgPort + "/" + database;
    }

    /**
     * Two mutations in three break the configuration, the third keeps it valid and pointing at the test
     * server: about one configuration in four starts, the slow part of the test.
     */
    private String mutate(ObjectNode tree) {
        return random.nextInt(3) > 0 ? breaking(tree) : harmless(tree);
    }

    private String harmless(ObjectNode tree) {
        return switch (random.nextInt(9)) {
            case 0 -> set(tree, pick(DURATIONS), NODES.textNode(pick("1s", "2s", "45s", "1h30m", "3d", "24d")));
            case 1 -> set(tree, pick("targets.0.snapshots.keep_last", "targets.0.snapshots.top_tables",
                    "targets.0.checks.row_count_drift.max_drop_percent", "incidents.close_after_passes",
                    "decision_matrix.0.breaches_in_a_row", "targets.0.connection.max_connections", "server.port"),
                    NODES.numberNode(pick(1, 2)));
            case 2 -> set(tree, "server.host", NODES.textNode(pick("localhost", "127.0.0.1", "0.0.0.0")));
            case 3 -> set(tree, "server.token", pick(NODES.nullNode(), NODES.textNode(MARKER + "x".repeat(500)),
                    NODES.textNode(MARKER + " inner space")));
            case 4 -> {
                ((ObjectNode) tree.at("/alerting/webhooks/0/headers")).put("X-Trace", MARKER + " \t" + "z".repeat(
                        pick(5, 5000)));
                yield "another header";
            }
            case 5 -> secondTarget(tree, "shop-" + random.nextInt(1000));
            case 6 -> set(tree, "targets.0.url", NODES.textNode(pick("postgresql://postgres:" + MARKER + "@127.0.0.1:"
                    + pgPort + "/shop", uri("shop") + "?sslmode=disable", uri("shop") + "?options=-c%20search_path%3Dpublic",
                    uri("shop") + "?application_name=warden")));
            case 7 -> set(tree, "alerting.alertmanagers", NODES.arrayNode().add("http://am:" + MARKER + "@127.0.0.1:9/"));
            default -> set(tree, "decision_matrix.0.mode", NODES.textNode(pick("approve", "dry_run", "auto")));
        };
    }

    private String breaking(ObjectNode tree) {
        return switch (random.nextInt(13)) {
            case 0 -> set(tree, pick(DURATIONS), durationValue());
            case 1 -> set(tree, pick(INTEGERS), integerValue());
            case 2 -> set(tree, pick(concat(DURATIONS, INTEGERS, STRINGS)), wrongType());
            case 3 -> set(tree, pick(concat(DURATIONS, INTEGERS, STRINGS)), raw(pick(".inf", "-.inf", ".nan", ".NaN",
                    "1e999", "-.Inf")));
            case 4 -> set(tree, pick(STRINGS), NODES.textNode(pick("x", "é", "'") .repeat(pick(300, 70_000))));
            case 5 -> unknownKey(tree);
            case 6 -> missingKey(tree);
            case 7 -> set(tree, "targets.0.url", NODES.textNode(targetUrl()));
            case 8 -> set(tree, pick("alerting.webhooks.0.url", "alerting.alertmanagers",
                    "alerting.runbook_base_url"), httpUrl());
            case 9 -> set(tree, "server.host", NODES.textNode(pick("2147483648", "999.1.1.1", "", " ", "exa mple",
                    "-warden", "warden_1.internal", "[::1", "10.0.0", "localhost", "0.0.0.0", "127.0.0.1")));
            case 10 -> set(tree, "server.token", token());
            case 11 -> headers(tree);
            default -> secondTarget(tree, "shop");
        };
    }

    private JsonNode durationValue() {
        return pick(NODES.textNode("99999999999999d"), NODES.textNode("9223372036854775807ms"),
                NODES.textNode("3651d"), NODES.textNode("25d"), NODES.textNode("0ms"), NODES.textNode("-5s"),
                NODES.textNode("5"), NODES.textNode("1h 2m"), NODES.textNode("5sec"), NODES.textNode(""),
                NODES.textNode("1.5s"), NODES.textNode("P1D"), NODES.numberNode(5), NODES.textNode("12h"),
                NODES.textNode("100ms"), NODES.textNode("1" + "0".repeat(40) + "ms"));
    }

    private JsonNode integerValue() {
        return pick(NODES.numberNode(-1), NODES.numberNode(0), NODES.numberNode(65536), NODES.numberNode(99999),
                NODES.numberNode(2147483648L), raw("9223372036854775808"), raw("1" + "0".repeat(60)),
                NODES.textNode("abc"), NODES.numberNode(1.5), NODES.textNode(" 5"), NODES.numberNode(2),
                NODES.numberNode(1), raw("0x10"));
    }

    private JsonNode wrongType() {
        ObjectNode mapping = NODES.objectNode().put("password", MARKER + "-nested");
        ArrayNode list = NODES.arrayNode().add(MARKER + "-listed");
        return pick(mapping, list, NODES.booleanNode(true), NODES.numberNode(42), NODES.nullNode(),
                NODES.textNode("true"), raw("!!binary c2hvcA=="), raw("~"));
    }

    private JsonNode token() {
        return pick(NODES.textNode(""), NODES.textNode("   "), NODES.textNode("\t"), NODES.textNode(" " + MARKER + " "),
                NODES.textNode(MARKER + "é"), NODES.textNode(MARKER + "\u0007x"), NODES.nullNode(),
                notYaml("!!float " + MARKER), NODES.textNode(MARKER + "-other-token"), NODES.numberNode(12345678));
    }

    private String targetUrl() {
        String base = "postgres://postgres:" + MARKER + "-pw@";
        return pick(base + "localhost:99999/shop", base + "localhost:0/shop", base + "localhost:65536/shop",
                base + "localhost:-1/shop", base + "localhost:abc/shop", base + "localhost:99999999999/shop",
                base + "2147483648:" + pgPort + "/shop", base + "999.1.1.1/shop", base + "exa mple/shop",
                "mysql://postgres:" + MARKER + "@localhost/shop", "postgres://:" + MARKER + "@:" + pgPort + "/shop",
                base + "[::1:" + pgPort + "/shop", base + "localhost:" + pgPort + "/shop?password=" + MARKER,
                base + "localhost:" + pgPort + "/shop?sslmode=maybe", "postgres://postgres:" + MARKER + "/x@localhost:"
                        + pgPort + "/shop?options=-c%20statement_timeout%3D99999999999999d",
                base + "localhost:" + pgPort + "/shop?connect_timeout=0", "localhost:" + pgPort,
                base + "127.0.0.1:" + pgPort + "/shop", "postgresql://postgres@localhost:" + pgPort + "/shop");
    }

    private JsonNode httpUrl() {
        String url = pick("http://hooks:" + MARKER + "@127.0.0.1:99999/x", "http://127.0.0.1:0/",
                "ftp://ops:" + MARKER + "@wiki/runbooks", "http:///nohost", "https://hooks.example.com:65536/x?token="
                        + MARKER, "mailto:ops@example.com", "http://u:" + MARKER + "@2147483648/x",
                "http://127.0.0.1:9/ok", "https://u:" + MARKER + "@hooks.example.com/x");
        return random.nextBoolean() ? NODES.textNode(url) : NODES.arrayNode().add(url);
    }

    private String headers(ObjectNode tree) {
        ObjectNode headers = (ObjectNode) tree.at("/alerting/webhooks/0/headers");
        switch (random.nextInt(5)) {
            case 0 -> headers.put("Authorization: Bearer " + MARKER, "x");
            case 1 -> headers.put("X-Api-Key", MARKER + "\r\nInjected: yes");
            case 2 -> headers.set("X-Api-Key", NODES.objectNode().put("value", MARKER));
            case 3 -> headers.put("X-Long", MARKER + "y".repeat(20_000));
            default -> headers.put("X-Tab", MARKER + "\tvalue");
        }
        return "headers";
    }

    private String unknownKey(ObjectNode tree) {
        String where = pick("", "server", "targets.0", "targets.0.connection", "alerting", "alerting.webhooks.0");
        JsonNode node = where.isEmpty() ? tree : node(tree, where);
        String name = pick("heartbeat_intervall", "password", "x".repeat(300), "api_key", "Port", "targets ");
        ((ObjectNode) node).put(name, MARKER + "-unknown");
        return "unknown key " + where + "." + name.substring(0, Math.min(name.length(), 20));
    }

    private String missingKey(ObjectNode tree) {
        String path = pick("targets.0.name", "targets.0.url", "alerting.webhooks.0.url", "targets",
                "decision_matrix.0.time_budget", "decision_matrix.0.issue");
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? tree : node(tree, path.substring(0, dot));
        ((ObjectNode) parent).remove(path.substring(dot + 1));
        return "without " + path;
    }

    private String secondTarget(ObjectNode tree, String name) {
        if (!(tree.get("targets") instanceof ArrayNode targets) || !(targets.get(0) instanceof ObjectNode first)) {
            return "no second target";
        }
        ObjectNode copy = first.deepCopy();
        copy.put("name", name);
        targets.add(copy);
        return "second target " + copy.get("name").asText();
    }

    /** A change to the YAML text itself: what a tree cannot express. */
    private String[] oddity(String yaml) {
        int kind = random.nextInt(9);
        // A tab, a cut, a broken escape or bracket may leave no YAML at all; the others leave YAML.
        brokenYaml |= kind == 0 || kind == 3 || kind == 7 || kind == 8;
        return switch (kind) {
            case 0 -> new String[] {yaml.replaceFirst("\n  ", "\n\t"), "a tab indenting"};
            case 1 -> new String[] {yaml + "server:\n  port: 0\n", "server twice"};
            case 2 -> new String[] {yaml + "---\nserver: {}\n", "a second document"};
            case 3 -> new String[] {yaml.substring(0, random.nextInt(yaml.length())), "cut short"};
            case 4 -> new String[] {"\uFEFF" + yaml.replace("\n", "\r\n"), "BOM and CRLF"};
            case 5 -> new String[] {"# token: " + MARKER + "\n" + yaml, "a secret in a comment"};
            case 6 -> new String[] {yaml.replaceFirst("token: \"[^\"]*\"", "token: &t \"" + MARKER + "\"\n  other: *t"),
                    "an anchor and an alias"};
            case 7 -> new String[] {yaml.replaceFirst("token: \"", "token: \"\\\\uZZZZ"), "a broken escape in the token"};
            default -> new String[] {yaml.replaceFirst("port: 0", "port: [0"), "an unclosed bracket"};
        };
    }

    private String set(ObjectNode tree, String path, JsonNode value) {
        int dot = path.lastIndexOf('.');
        JsonNode parent = node(tree, path.substring(0, dot));
        String last = path.substring(dot + 1);
        if (parent instanceof ArrayNode list) {
            list.set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
        String shown = value.toString();
        return path + "=" + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown);
    }

    /** The node at a dotted path, creating mappings on the way. */
    private static JsonNode node(ObjectNode tree, String path) {
        JsonNode node = tree;
        for (String part : path.split("\\.")) {
            if (node instanceof ArrayNode list) {
                node = list.get(Integer.parseInt(part));
            } else {
                ObjectNode mapping = (ObjectNode) node;
                node = mapping.has(part) && mapping.get(part).isContainerNode() ? mapping.get(part) : mapping.putObject(part);
            }
        }
        return node;
    }

    /** A tagged value no YAML reader can turn into what its tag says. */
    private JsonNode notYaml(String yaml) {
        brokenYaml = true;
        return raw(yaml);
    }

    private static JsonNode raw(String yaml) {
        return NODES.textNode("@@raw:" + yaml + "@@");
    }

    private static String write(ObjectNode tree) {
        try {
            Matcher m = RAW.matcher(YAML.writeValueAsString(tree));
            return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] concat(String[]... groups) {
        return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
