package dev.warden.postgres;

import dev.warden.config.SessionConfig;
import dev.warden.config.TargetConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The connections Warden's targets hold on one server (host:port), kept within a limit by taking turns.
 * A target takes a turn (a permit for one connection) before it opens its connection and gives it back
 * once the connection is closed ({@link TurnPool}). Turns are granted first come, first served; a target
 * holds at most one and waits for none while holding one, so waiting can never close a circle. A request
 * not granted within its wait fails with {@link NoTurn}.
 *
 * <p>Nothing here waits on a pool: the counts are permits, and a pool is opened only once it has one.
 */
public final class ServerConnections {
    private final Vertx vertx;
    private final String server;
    private final int limit;
    private final int wanted;
    private final List<Pool> pools = new CopyOnWriteArrayList<>();
    private final Deque<Request> queue = new ArrayDeque<>();
    /** Turns open with nothing to do: the first is ended when someone waits. */
    private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();
    private int granted;

    /**
     * @param limit  the most connections at once ({@link SessionConfig#UNBOUNDED}: none)
     * @param wanted the most the server's target pools could open together: within the limit, nobody takes turns
     */
    public ServerConnections(Vertx vertx, String server, int limit, int wanted) {
        this.vertx = vertx;
        this.server = server;
        this.limit = limit;
        this.wanted = wanted;
    }

    /**
     * One per server the targets are on, by target name. A server's limit is the smallest
     * {@code connection.server_connections} among its targets that set one (0 is no bound).
     */
    public static Map<String, ServerConnections> byTarget(Vertx vertx, List<TargetConfig> targets) {
        Map<String, List<TargetConfig>> byServer = new LinkedHashMap<>();
        targets.forEach(t -> byServer.computeIfAbsent(t.connection().server(), k -> new ArrayList<>()).add(t));
        Map<String, ServerConnections> byTarget = new LinkedHashMap<>();
        byServer.forEach((server, members) -> {
            int limit = members.stream().mapToInt(t -> t.session().serverConnections())
                    .filter(n -> n != SessionConfig.UNBOUNDED).min().orElse(SessionConfig.UNBOUNDED);
            int wanted = members.stream().mapToInt(t -> t.session().maxConnections()).sum();
            ServerConnections connections = new ServerConnections(vertx, server, limit, wanted);
            members.forEach(t -> byTarget.put(t.name(), connections));
        });
        return byTarget;
    }

    /** {@code host:port}. */
    public String server() {
        return server;
    }

    /** The most connections at once, or {@link SessionConfig#UNBOUNDED}. */
    public int limit() {
        return limit;
    }

    /** Whether the server's targets take turns: together they could open more than the limit. */
    public boolean takesTurns() {
        return limit != SessionConfig.UNBOUNDED && wanted > limit;
    }

    /** The connections open now in the server's target pools. */
    public int open() {
        return pools.stream().mapToInt(Pool::size).sum();
    }

    /** The turns waiting for permits now. */
    public synchronized int waiting() {
        return queue.size();
    }

    /** Counts {@code pool}'s connections among the server's. */
    public Pool register(Pool pool) {
        pools.add(pool);
        return pool;
    }

    /**
     * A turn of one connection, granted when the server has room for it and every earlier request was
     * granted; fails with {@link NoTurn} after {@code wait}.
     */
    public Future<Turn> take(Duration wait) {
        Request request = new Request(Promise.promise());
        synchronized (this) {
            queue.addLast(request);
        }
        grant();
        // A timer only when it must wait: the usual turn is granted at once.
        if (!request.promise.future().isComplete()) {
            endAnIdleTurn();
            request.timer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> giveUp(request, wait));
            if (request.promise.future().isComplete()) {
                vertx.cancelTimer(request.timer);
            }
        }
        return request.promise.future();
    }

    /** A turn open with nothing to do, which the server may end for a target waiting. */
    public interface Idle {
        /** Ends the turn unless it is busy again (or over); whether it did. Called with no lock held. */
        boolean release();
    }

    /** Lists {@code turn} as idle: it is ended, and its permit comes back, when someone waits. */
    void idle(Idle turn) {
        idle.addLast(turn);
        if (waiting() > 0) {
            endAnIdleTurn();
        }
    }

    private void endAnIdleTurn() {
        for (Idle turn = idle.pollFirst(); turn != null; turn = idle.pollFirst()) {
            if (turn.release()) {
                return;
            }
        }
    }

    private void giveUp(Request request, Duration wait) {
        synchronized (this) {
            if (!queue.remove(request)) {
                return;
            }
        }
        request.promise.fail(new NoTurn("no connection to " + server + " within " + wait.toMillis() + " ms: Warden's "
                + "targets there use all it allows them (connection.server_connections: " + limit + ")"));
    }

    /** Grants the turns at the head of the queue that fit; completes them outside the lock. */
    private void grant() {
        List<Request> ready = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty() && (limit == SessionConfig.UNBOUNDED || granted < limit)) {
                granted++;
                ready.add(queue.pollFirst());
            }
        }
        for (Request request : ready) {
            if (request.timer >= 0) {
                vertx.cancelTimer(request.timer);
            }
            request.promise.complete(new Turn());
        }
    }

    private void giveBack() {
        synchronized (this) {
            granted--;
        }
        grant();
    }

    /** A permit held; give it back once the connection it allowed is closed. */
    public final class Turn {
        private final AtomicBoolean returned = new AtomicBoolean();

        private Turn() {
        }

        /** Idempotent. */
        public void giveBack() {
            if (returned.compareAndSet(false, true)) {
                ServerConnections.this.giveBack();
            }
        }
    }

    /** No turn within the wait: the server's connections were all taken by other targets meanwhile. */
    public static final class NoTurn extends TimeoutException {
        NoTurn(String message) {
            super(message);
        }
    }

    private static final class Request {
        final Promise<Turn> promise;
        volatile long timer = -1;

        Request(Promise<Turn> promise) {
            this.promise = promise;
        }
    }
}
