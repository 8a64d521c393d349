package dev.warden.bench;

import dev.warden.config.ConfigLoader;
import dev.warden.daemon.Warden;
import dev.warden.daemon.cli.Main;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.Sql;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code warden drill} on a ~1 GiB target through a daemon started in-process: the clone of the
 * target, the copy's restore point, a migration that adds a column and builds an index (psql, pointed
 * at the copy by the PG* variables, recording itself in a golang-migrate history as that tool would),
 * then each strategy of the matrix on the copy (branch_swap, full_rollback's database part, and
 * down_migration with the migration's {@code .down.sql}), each timed against its rule's budget as the
 * drill's own report says. Meanwhile the target's door is watched ({@link DoorWatch}: it must shut for
 * the clone alone) and a session of the target, opened once the clone is made, queries it without
 * pause: it must see no error. Run with {@code bench/run drill [SIZE_MB]}; prints the report and
 * appends a Markdown row to {@code benchmarks/target/bench/drill.md}.
 */
public final class DrillBenchmark {
    private static final String HEADER = """
            | date | size MiB | clone target ms | restore point ms | command ms | migrated point ms \
            | down_migration ms (budget) | branch_swap ms (budget) | full_rollback ms (budget) \
            | target door shut ms | target session: queries, errors, slowest ms | result | left behind |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|
            """;
    private static final String UP = """
            ALTER TABLE shop.orders ADD COLUMN note text;
            CREATE INDEX orders_status ON shop.orders (status);
            """;
    private static final String DOWN = """
            DROP INDEX shop.orders_status;
            ALTER TABLE shop.orders DROP COLUMN note;
            """;
    /** golang-migrate's own record of the new version, which psql writes here in its stead. */
    private static final String RECORD = "UPDATE public.schema_migrations SET version = 2, dirty = false;\n";
    private static final List<String> STRATEGIES = List.of("down_migration", "branch_swap", "full_rollback");

    private DrillBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sizeMb = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        Path work = BenchFiles.workDirectory();
        Path serverDirectory = work.resolve("drill-server");
        BenchFiles.deleteRecursively(serverDirectory);
        try (EmbeddedServer server = EmbeddedServer.start(serverDirectory, EmbeddedServer.CLASSPATH_MAJOR)) {
            Sql maintenance = new Sql(server.address("postgres"));
            maintenance.execute("CREATE DATABASE shop");
            long size = ShopDatabase.create(new Sql(server.address("shop")), (long) sizeMb << 20);
            System.out.printf("setup: %d MiB%n", size >> 20);
            Path versions = work.resolve("drill-migrations");
            BenchFiles.deleteRecursively(versions);
            Files.createDirectories(versions);
            Files.writeString(versions.resolve("1_shop.up.sql"), "-- the shop as ShopDatabase made it\n");
            Files.writeString(versions.resolve("1_shop.down.sql"), "-- not undone here\n");
            Files.writeString(versions.resolve("2_note.up.sql"), UP);
            Files.writeString(versions.resolve("2_note.down.sql"), DOWN);
            Path migration = Files.writeString(work.resolve("drill-migration.sql"), "BEGIN;\n" + UP + RECORD + "COMMIT;\n");
            new Sql(server.address("shop")).execute("CREATE TABLE public.schema_migrations (version bigint PRIMARY KEY,"
                    + " dirty boolean NOT NULL); INSERT INTO public.schema_migrations VALUES (1, false)");
            Warden warden = Warden.start(ConfigLoader.parse("""
                    server: {host: 127.0.0.1, port: 0, data_dir: "%s"}
                    state: {url: "%s"}
                    targets:
                      - name: shop
                        url: "%s"
                        critical_tables: [%s]
                        snapshots: {schedule: "off", backup: clone}
                        checks: {corruption: {enabled: false}}
                        rollback:
                          down_migration: {tool: golang_migrate, directory: "%s"}
                    decision_matrix:
                      - {issue: schema_mismatch, severity: critical, strategy: down_migration, time_budget: 5m}
                    """.formatted(work.resolve("drill-home"), server.address("warden").uri(),
                    server.address("shop").uri(), String.join(", ", ShopDatabase.TABLES), versions), "drill benchmark",
                    Map.of()),
                    Clock.systemUTC());
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                PrintStream printed = new PrintStream(out, true, StandardCharsets.UTF_8);
                int exit;
                long doorShut;
                TargetSession.Seen seen;
                try (DoorWatch door = DoorWatch.start(maintenance, "shop");
                     TargetSession session = TargetSession.afterTheClone(maintenance, new Sql(server.address("shop")))) {
                    exit = Main.run(new String[] {"drill", "--target", "shop", "--url", warden.baseUrl(), "--", "psql",
                        "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", migration.toString()}, Map.of(), printed, printed);
                    door.close();
                    doorShut = door.closedNanos() / 1_000_000;
                    seen = session.stop();
                }
                String output = out.toString(StandardCharsets.UTF_8);
                System.out.print(output);
                Matcher id = Pattern.compile("drill ([0-9a-f]{12})").matcher(output);
                if (!id.find()) {
                    throw new IllegalStateException("the drill did not start (exit " + exit + ")");
                }
                report(warden, id.group(1), size, doorShut, seen, maintenance, work);
            } finally {
                warden.stop();
            }
        } finally {
            BenchFiles.deleteRecursively(serverDirectory);
        }
    }

    private static void report(Warden warden, String id, long size, long doorShut, TargetSession.Seen seen,
                               Sql maintenance, Path work) throws Exception {
        Scraper.Scrape got = new Scraper().get(URI.create(warden.baseUrl() + "/api/drills/" + id + "/report"));
        System.out.println(new String(got.body(), StandardCharsets.UTF_8));
        JsonObject drill = new JsonObject(new String(new Scraper().get(URI.create(warden.baseUrl() + "/api/drills/" + id))
                .body(), StandardCharsets.UTF_8));
        JsonObject durations = drill.getJsonObject("durations");
        StringBuilder strategies = new StringBuilder();
        for (String name : STRATEGIES) {
            JsonObject s = drill.getJsonArray("strategies", new JsonArray()).stream().map(JsonObject.class::cast)
                    .filter(one -> name.equals(one.getString("strategy"))).findFirst().orElse(new JsonObject());
            strategies.append(" ").append(s.getValue("ms", "-")).append(" (").append(s.getValue("budget_ms", "-"))
                    .append(") |");
        }
        List<String> left = maintenance.queryColumn("SELECT datname FROM pg_database WHERE datname LIKE 'warden_drill%'");
        String row = "| %s | %d | %s | %s | %s | %s |%s %d | %d, %d, %d | %s | %s |".formatted(LocalDate.now(), size >> 20,
                durations.getValue("clone_target_ms"), durations.getValue("restore_point_ms"),
                durations.getValue("command_ms"), durations.getValue("migrated_point_ms", "-"), strategies, doorShut,
                seen.queries(), seen.errors().size(), seen.slowestMillis(), drill.getString("status"),
                left.isEmpty() ? "nothing" : String.join(" ", left));
        seen.errors().stream().limit(5).forEach(e -> System.out.println("target session error: " + e));
        BenchFiles.appendRow(work.resolve("drill.md"), HEADER, row);
        System.out.println(row);
    }
}
