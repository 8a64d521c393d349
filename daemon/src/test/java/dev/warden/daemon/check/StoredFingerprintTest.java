package dev.warden.daemon.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.checks.Baseline;
import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckRunner;
import dev.warden.checks.CheckStatus;
import dev.warden.checks.ExpectedSchema;
import dev.warden.checks.builtin.SchemaDriftCheck;
import dev.warden.checks.schema.SchemaFilter;
import dev.warden.checks.schema.SchemaReader;
import dev.warden.config.PostgresUri;
import dev.warden.daemon.state.StateStore;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 14, point 1: a restarted Warden (or check --once) does not read an unchanged catalog again. */
@ExtendWith(PostgresExtension.class)
class StoredFingerprintTest {

    @Test
    void shouldNotReadAnUnchangedCatalogAgainInANewProcess(PostgresServer server) {
        TestDatabase target = server.createDatabase("fp_target");
        TestDatabase stateDatabase = server.createDatabase("fp_state");
        target.sql().execute("CREATE SCHEMA app; CREATE TABLE app.orders (id bigint PRIMARY KEY, note text)");
        Vertx vertx = Vertx.vertx();
        Pool pool = target.wardenPool(vertx);
        StateStore state = StateStore.open(vertx, PostgresUri.parse(stateDatabase.uri(), Map.of()), false);
        try {
            state.ready().await();
            CheckContext context = new CheckContext("shop", pool, vertx, Clock.systemUTC(), Baseline.none()
                    .withExpectedSchema(new ExpectedSchema(SchemaReader.read(pool, SchemaFilter.all()).await(),
                            Clock.systemUTC().instant())));

            CheckResult first = run(new SchemaDriftCheck(SchemaFilter.all(), new StoredFingerprint(state, "shop")), context);
            CheckResult restarted = run(new SchemaDriftCheck(SchemaFilter.all(), new StoredFingerprint(state, "shop")), context);
            CheckResult otherTarget = run(new SchemaDriftCheck(SchemaFilter.all(), new StoredFingerprint(state, "other")), context);

            assertThat(first.status()).isEqualTo(CheckStatus.OK);
            assertThat(first.evidence().get("live_read")).asString().contains("full=true");
            assertThat(restarted.status()).isEqualTo(CheckStatus.OK);
            assertThat(restarted.evidence().get("live_read")).asString()
                    .contains("full=false").contains("deparsed_objects=0");
            assertThat(otherTarget.evidence().get("live_read")).as("nothing stored for it yet").asString().contains("full=true");
            assertThat(stateDatabase.sql().queryColumn("SELECT target FROM warden.schema_fingerprints ORDER BY target"))
                    .containsExactly("other", "shop");
        } finally {
            state.close().await();
            pool.close().await();
            vertx.close().await();
        }
    }

    private static CheckResult run(SchemaDriftCheck check, CheckContext context) {
        return CheckRunner.run(check, context, Duration.ofSeconds(30)).await();
    }
}
