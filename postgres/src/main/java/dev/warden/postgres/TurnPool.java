package dev.warden.postgres;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.TransactionPropagation;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A target's pool on a server whose targets take turns ({@link ServerConnections}): its connection exists
 * only during the target's turn. The first statement asks for a turn (one connection, within the
 * session's connect timeout), then opens a pool of one connection; statements arriving meanwhile join
 * the turn and queue on it. When the last one ends, the turn stays open while nobody waits for the
 * server (reconnecting costs the server more than an idle session: a new backend plans with cold
 * caches), and ends when someone does: {@link #LINGER} after the last statement, or at once when idle.
 * Ending closes the turn's pool, and the permit goes back once its connection is closed (or after
 * {@link #CLOSE_LIMIT}, so that a close that never ends cannot keep it). Closing this pool ends the turn
 * at once; a turn still waiting ends as soon as it is granted. Waiting for a turn holds nothing, and no
 * lock is held while calling another pool or the server's queue, so nothing here can wait in a circle.
 *
 * <p>A connection must come back through {@code withConnection} or {@code withTransaction}: a turn has to
 * know when its work ends, so {@link #getConnection()} is refused.
 */
public final class TurnPool implements Pool {
    /** Long enough for a check's next statement to find the turn open, short enough for a target waiting. */
    static final Duration LINGER = Duration.ofMillis(100);
    static final Duration CLOSE_LIMIT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final ServerConnections server;
    private final Duration wait;
    private final Supplier<Pool> opener;
    private Turn current;

    /** {@code opener} opens the turn's pool, of one connection. */
    TurnPool(Vertx vertx, ServerConnections server, Duration wait, Supplier<Pool> opener) {
        this.vertx = vertx;
        this.server = server;
        this.wait = wait;
        this.opener = opener;
    }

    /** Runs {@code work} on the pool of the target's turn, taking one when none is under way. */
    <T> Future<T> during(Function<Pool, Future<T>> work) {
        Turn turn;
        boolean fresh = false;
        synchronized (this) {
            if (current == null) {
                current = new Turn();
                fresh = true;
            }
            turn = current;
            turn.users++;
            if (turn.linger >= 0) {
                vertx.cancelTimer(turn.linger);
                turn.linger = -1;
            }
        }
        if (fresh) {
            turn.start();
        }
        return turn.pool.compose(work).andThen(done -> turn.finished());
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return new TurnQuery<>(this, pool -> pool.query(sql));
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        return new TurnQuery<>(this, pool -> pool.preparedQuery(sql));
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        return new TurnQuery<>(this, pool -> pool.preparedQuery(sql, options));
    }

    @Override
    public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
        return during(pool -> pool.withConnection(function));
    }

    @Override
    public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> function) {
        return during(pool -> pool.withTransaction(function));
    }

    @Override
    public <T> Future<T> withTransaction(TransactionPropagation propagation,
                                         Function<SqlConnection, Future<T>> function) {
        return during(pool -> pool.withTransaction(propagation, function));
    }

    @Override
    public Future<SqlConnection> getConnection() {
        return Future.failedFuture(new UnsupportedOperationException(
                "a pool that takes turns lends connections only through withConnection or withTransaction"));
    }

    /** The connections of the turn under way. */
    @Override
    public int size() {
        Turn turn;
        synchronized (this) {
            turn = current;
        }
        return turn == null || !turn.pool.succeeded() ? 0 : turn.pool.result().size();
    }

    /** Ends the turn under way now, statements in flight or not; the next statement takes a new one. */
    @Override
    public Future<Void> close() {
        Turn turn;
        synchronized (this) {
            turn = current;
            current = null;
        }
        return turn == null ? Future.succeededFuture() : turn.end();
    }

    /** One turn: its permit, its pool, the statements using it. Guarded by the enclosing pool. */
    private final class Turn implements ServerConnections.Idle {
        private final Promise<Pool> opened = Promise.promise();
        private final Future<Pool> pool = opened.future();
        private ServerConnections.Turn permit;
        private int users;
        private long linger = -1;
        private boolean listedIdle;
        private boolean ended;

        /** Called outside the pool's lock: the server may end another target's idle turn meanwhile. */
        void start() {
            server.take(wait).compose(this::open).onComplete(opened);
            // A turn not granted is over: the next statement asks again.
            pool.onFailure(e -> {
                synchronized (TurnPool.this) {
                    ended = true;
                    if (current == this) {
                        current = null;
                    }
                }
            });
        }

        private Future<Pool> open(ServerConnections.Turn granted) {
            boolean closed;
            synchronized (TurnPool.this) {
                closed = ended;
                if (!closed) {
                    permit = granted;
                }
            }
            if (closed) {
                granted.giveBack();
                return Future.failedFuture(new IllegalStateException("the pool was closed while waiting for a "
                        + "connection to " + server.server()));
            }
            try {
                return Future.succeededFuture(opener.get());
            } catch (RuntimeException e) {
                granted.giveBack();
                return Future.failedFuture(e);
            }
        }

        /** The last statement ended: open while nobody waits (listed as idle), else ending after the linger. */
        void finished() {
            boolean listIdle;
            synchronized (TurnPool.this) {
                if (--users > 0 || ended) {
                    return;
                }
                listIdle = server.waiting() == 0;
                if (listIdle) {
                    listIdle = !listedIdle;
                    listedIdle = true;
                } else {
                    linger = vertx.setTimer(LINGER.toMillis(), id -> {
                        synchronized (TurnPool.this) {
                            if (users > 0 || linger != id || current != this) {
                                return;
                            }
                            current = null;
                        }
                        end();
                    });
                }
            }
            if (listIdle) {
                server.idle(this);
            }
        }

        /** Asked by the server when someone waits: ends this turn if no statement uses it. */
        @Override
        public boolean release() {
            synchronized (TurnPool.this) {
                listedIdle = false;
                if (users > 0 || ended || current != this) {
                    return false;
                }
                current = null;
            }
            end();
            return true;
        }

        /**
         * Closes the turn's pool, then gives the permit back. A turn not granted yet ends at once: its
         * grant gives the permit straight back.
         */
        Future<Void> end() {
            ServerConnections.Turn held;
            synchronized (TurnPool.this) {
                ended = true;
                held = permit;
            }
            if (held == null) {
                return Future.succeededFuture();
            }
            return pool.transform(opened -> opened.succeeded() ? opened.result().close() : Future.<Void>succeededFuture())
                    .timeout(CLOSE_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                    // Closed or not, the permit goes back: a close that never ends must not shrink the server's room.
                    .otherwiseEmpty()
                    .andThen(done -> held.giveBack());
        }
    }
}
