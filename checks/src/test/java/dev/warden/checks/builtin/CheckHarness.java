package dev.warden.checks.builtin;

import dev.warden.checks.Baseline;
import dev.warden.checks.Check;
import dev.warden.checks.CheckContext;
import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckRunner;
import dev.warden.testing.PgAddress;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;

/** Vert.x and a pool with Warden's session settings for one test class; runs block the test thread. */
public final class CheckHarness implements AutoCloseable {
    private final Vertx vertx;
    private final Pool pool;

    public CheckHarness(TestDatabase database) {
        this(database, new VertxOptions());
    }

    /** With Vert.x options of the test's own, e.g. a strict blocked-thread checker. */
    CheckHarness(TestDatabase database, VertxOptions options) {
        this.vertx = Vertx.vertx(options);
        this.pool = database.wardenPool(vertx);
    }

    /** A pool to any server, with the same session settings as {@link TestDatabase#wardenPool}. */
    CheckHarness(PgAddress address) {
        PgConnectOptions options = address.connectOptions()
                .addProperty("application_name", "warden")
                .addProperty("statement_timeout", "5000")
                .addProperty("lock_timeout", "1000");
        this.vertx = Vertx.vertx();
        this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(options).using(vertx).build();
    }

    Vertx vertx() {
        return vertx;
    }

    public Pool pool() {
        return pool;
    }

    CheckContext context(Baseline baseline) {
        return CheckContext.of("test", pool, vertx).withBaseline(baseline);
    }

    /** Runs through {@link CheckRunner}, as the daemon will. */
    public CheckResult run(Check check) {
        return run(check, Baseline.none());
    }

    CheckResult run(Check check, Baseline baseline) {
        return CheckRunner.run(check, context(baseline), Duration.ofSeconds(30)).await();
    }

    @Override
    public void close() {
        pool.close().await();
        vertx.close().await();
    }
}
