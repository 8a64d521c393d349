package dev.warden.daemon;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.TargetConfig;
import dev.warden.config.WardenConfig;
import dev.warden.daemon.http.Health;
import dev.warden.daemon.http.HttpApi;
import dev.warden.daemon.metrics.WardenMetrics;
import dev.warden.daemon.schedule.WardenScheduler;
import dev.warden.daemon.state.StateStore;
import dev.warden.daemon.target.TargetStatus;
import dev.warden.daemon.target.TargetVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: Vert.x with one verticle per target and the HTTP API, Quartz firing the
 * heartbeats, the state store. {@link #start} returns once everything listens; {@link #stop} undoes it
 * within the configured shutdown timeout.
 */
public final class Warden {
    private static final Logger log = LoggerFactory.getLogger(Warden.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final WardenConfig config;
    private final Vertx vertx;
    private final StateStore state;
    private final WardenScheduler scheduler;
    private final HttpApi http;
    private final List<String> deployments;

    private Warden(WardenConfig config, Vertx vertx, StateStore state, WardenScheduler scheduler, HttpApi http,
                   List<String> deployments) {
        this.config = config;
        this.vertx = vertx;
        this.state = state;
        this.scheduler = scheduler;
        this.http = http;
        this.deployments = deployments;
    }

    public static Warden start(WardenConfig config, Clock clock) {
        Vertx vertx = Vertx.vertx();
        try {
            StateStore state = await(StateStore.open(vertx, config.stateConnection(), config.state().createDatabase()),
                    START_TIMEOUT, "opening the state store");
            WardenMetrics metrics = new WardenMetrics(Version.current());
            List<String> deployments = new ArrayList<>();
            List<TargetVerticle> targets = new ArrayList<>();
            for (TargetConfig target : config.targets()) {
                TargetVerticle verticle = new TargetVerticle(target, metrics, state, clock);
                deployments.add(await(vertx.deployVerticle(verticle), START_TIMEOUT, "starting target " + target.name()));
                targets.add(verticle);
            }
            Health health = new Health(state, () -> targets.stream().map(TargetVerticle::status).toList(), metrics);
            HttpApi http = new HttpApi(config.server(), metrics, health, targets);
            // The HTTP server goes first on the way down: stop answering before the pools close.
            deployments.add(0, await(vertx.deployVerticle(http), START_TIMEOUT, "starting the HTTP server on "
                    + config.server().host() + ":" + config.server().port()));
            WardenScheduler scheduler = new WardenScheduler();
            for (TargetVerticle target : targets) {
                scheduler.every("heartbeat-" + target.target().name(), target.target().heartbeatInterval(),
                        target::requestHeartbeat);
            }
            scheduler.start();
            return new Warden(config, vertx, state, scheduler, http, deployments);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** The port the HTTP server listens on. */
    public int httpPort() {
        return http.port();
    }

    public String baseUrl() {
        String host = config.server().host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + httpPort();
    }

    /** Stops triggers, lets in-flight work finish, closes every pool; bounded by {@code server.shutdown_timeout}. */
    public void stop() {
        Duration limit = config.server().shutdownTimeout();
        scheduler.shutdown();
        Future<Void> undeployed = Future.succeededFuture();
        for (String id : deployments) {
            undeployed = undeployed.compose(v -> vertx.undeploy(id));
        }
        Future<Void> down = undeployed.eventually(state::close).eventually(vertx::close);
        try {
            down.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("Shutdown did not finish within {} ms; closing Vert.x now", limit.toMillis());
            vertx.close();
        } catch (RuntimeException e) {
            log.warn("Shutdown finished with an error: {}", e.getMessage());
        }
    }

    /** Blocks the calling (non event-loop) thread for a start-up step, with a deadline and a clear error. */
    static <T> T await(Future<T> future, Duration limit, String what) {
        try {
            return future.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new WardenException(ErrorCode.UNAVAILABLE, what + " took longer than " + limit.toSeconds() + " s");
        } catch (WardenException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new WardenException(ErrorCode.FAILED, what + " failed: " + e.getMessage(), e);
        }
    }
}
