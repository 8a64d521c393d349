package dev.warden.daemon.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.config.ConfigLoader;
import dev.warden.daemon.Warden;
import dev.warden.daemon.CliRun;
import dev.warden.rollback.backup.BackupNames;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.Sql;
import dev.warden.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 15: warden databases list|prune on a real server, with what must stay. */
@ExtendWith(PostgresExtension.class)
class HousekeepingTest {
    private final CliRun cli = new CliRun();

    @Test
    void shouldListWhatWardenMadeAndPruneOnlyOldReplacedDatabasesNobodyUses(TestDatabase target) throws Exception {
        String db = target.name();
        String oldReplaced = db + "__replaced_20200101T000000Z";
        String inUse = db + "__replaced_20200102T000000Z";
        String young = BackupNames.withSuffix(db, "__replaced_" + BackupNames.stamp(Instant.now()));
        String clone = db + "__warden_20200101T000000Z";
        String scratch = "warden_drill_0123456789ab";
        String someoneElses = db + "x__replaced_20200101T000000Z";
        List<String> made = List.of(oldReplaced, inUse, young, clone, scratch, someoneElses);
        Sql admin = new Sql(target.server().admin());
        made.forEach(name -> admin.execute("CREATE DATABASE \"" + name + "\""));
        Warden warden = Warden.start(ConfigLoader.parse("""
                server: {port: 0}
                state: {url: "%s"}
                targets:
                  - name: shop
                    url: "%s"
                    snapshots: {schedule: "off"}
                """.formatted(target.address().withDatabase(db + "_state").uri(), target.uri()), "test", Map.of()),
                Clock.systemUTC());
        try (Connection inspecting = new Sql(target.address().withDatabase(inUse)).connect()) {
            String url = warden.baseUrl();

            assertThat(cli.run("databases", "list", "--target", "shop", "--url", url)).isZero();
            assertThat(cli.output()).contains(oldReplaced, inUse, young, clone, scratch)
                    .doesNotContain(someoneElses).containsPattern(inUse + "\\s+replaced\\s+2020-01-02T00:00:00Z");
            assertThat(cli.run("databases", "list", "--target", "shop", "--url", url, "-o", "json")).isZero();
            assertThat(new JsonObject(cli.stdout()).getJsonArray("databases").encode()).contains(inUse, clone);

            assertThat(cli.run("databases", "prune", "--target", "shop", "--older-than", "7d", "--dry-run", "--url", url))
                    .isZero();
            assertThat(cli.output()).contains("would drop  " + oldReplaced)
                    .contains("kept    " + inUse + ": in use: 1 session(s) connected")
                    .containsPattern("kept    " + young + ": younger than 7d")
                    .contains("kept    " + clone + ": a snapshot's backup").contains("kept    " + scratch + ": no drill 0123456789ab in this Warden's records")
                    .contains("1 would drop, 4 kept");
            assertThat(databases(admin)).containsAll(made);

            assertThat(cli.run("databases", "prune", "--target", "shop", "--older-than", "7d", "--url", url)).isZero();
            assertThat(cli.output()).contains("dropped  " + oldReplaced).contains("1 dropped, 4 kept");
            assertThat(databases(admin)).doesNotContain(oldReplaced).contains(inUse, young, clone, scratch, someoneElses);

            assertThat(cli.run("databases", "prune", "--target", "shop", "--older-than", "10m", "--url", url)).isEqualTo(2);
            assertThat(cli.output()).contains("older_than: expected at least 1h, found 10m");
            assertThat(cli.run("databases", "list", "--target", "nope", "--url", url)).isEqualTo(1);
            assertThat(cli.output()).contains("no target named \"nope\"");
        } finally {
            warden.stop();
            for (String name : List.of(inUse, young, clone, scratch, someoneElses, oldReplaced, db + "_state")) {
                admin.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            }
        }
    }

    private static List<String> databases(Sql admin) {
        return admin.queryColumn("SELECT datname FROM pg_database");
    }
}
