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
 * at the copy by {@code {{url}}}), and branch_swap on the copy, each timed against the matrix's
 * budget as the drill's own report says; the target's door is watched meanwhile ({@link DoorWatch}):
 * it must shut for the clone alone. Run with {@code bench/run drill [SIZE_MB]}; prints the report's
 * timings and appends a Markdown row to {@code benchmarks/target/bench/drill.md}.
 */
public final class DrillBenchmark {
    private static final String HEADER = """
            | date | size MiB | clone target ms | restore point ms | command ms | branch_swap ms | budget ms \
            | target door shut ms | result | left behind |
            |---|---|---|---|---|---|---|---|---|---|
            """;
    private static final String MIGRATION = """
            ALTER TABLE shop.orders ADD COLUMN note text;
            CREATE INDEX orders_status ON shop.orders (status);
            """;

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
            Path migration = Files.writeString(work.resolve("drill-migration.sql"), MIGRATION);
            Warden warden = Warden.start(ConfigLoader.parse("""
                    server: {host: 127.0.0.1, port: 0, data_dir: "%s"}
                    state: {url: "%s"}
                    targets:
                      - name: shop
                        url: "%s"
                        critical_tables: [%s]
                        snapshots: {schedule: "off", backup: clone}
                        checks: {corruption: {enabled: false}}
                    """.formatted(work.resolve("drill-home"), server.address("warden").uri(),
                    server.address("shop").uri(), String.join(", ", ShopDatabase.TABLES)), "drill benchmark", Map.of()),
                    Clock.systemUTC());
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                PrintStream printed = new PrintStream(out, true, StandardCharsets.UTF_8);
                int exit;
                long doorShut;
                try (DoorWatch door = DoorWatch.start(maintenance, "shop")) {
                    exit = Main.run(new String[] {"drill", "--target", "shop", "--url", warden.baseUrl(), "--", "psql",
                        "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "{{url}}", "-f", migration.toString()}, Map.of(),
                            printed, printed);
                    door.close();
                    doorShut = door.closedNanos() / 1_000_000;
                }
                String output = out.toString(StandardCharsets.UTF_8);
                System.out.print(output);
                Matcher id = Pattern.compile("drill ([0-9a-f]{12})").matcher(output);
                if (!id.find()) {
                    throw new IllegalStateException("the drill did not start (exit " + exit + ")");
                }
                report(warden, id.group(1), size, doorShut, maintenance, work);
            } finally {
                warden.stop();
            }
        } finally {
            BenchFiles.deleteRecursively(serverDirectory);
        }
    }

    private static void report(Warden warden, String id, long size, long doorShut, Sql maintenance, Path work)
            throws Exception {
        Scraper.Scrape got = new Scraper().get(URI.create(warden.baseUrl() + "/api/drills/" + id + "/report"));
        System.out.println(new String(got.body(), StandardCharsets.UTF_8));
        JsonObject drill = new JsonObject(new String(new Scraper().get(URI.create(warden.baseUrl() + "/api/drills/" + id))
                .body(), StandardCharsets.UTF_8));
        JsonObject durations = drill.getJsonObject("durations");
        JsonObject swap = drill.getJsonArray("strategies", new JsonArray()).stream().map(JsonObject.class::cast)
                .filter(s -> "branch_swap".equals(s.getString("strategy"))).findFirst().orElse(new JsonObject());
        List<String> left = maintenance.queryColumn("SELECT datname FROM pg_database WHERE datname LIKE 'warden_drill%'");
        String row = "| %s | %d | %s | %s | %s | %s | %s | %d | %s | %s |".formatted(LocalDate.now(), size >> 20,
                durations.getValue("clone_target_ms"), durations.getValue("restore_point_ms"),
                durations.getValue("command_ms"), swap.getValue("ms", "-"), swap.getValue("budget_ms", "-"), doorShut,
                drill.getString("status"), left.isEmpty() ? "nothing" : String.join(" ", left));
        BenchFiles.appendRow(work.resolve("drill.md"), HEADER, row);
        System.out.println(row);
    }
}
