package dev.warden.postgres;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collector;

/**
 * A statement of a {@link TurnPool}: built on the turn's pool when it executes, which is when the turn is
 * taken or joined. Stands for a plain query too, which never sees the prepared methods.
 */
final class TurnQuery<T> implements PreparedQuery<T> {
    private final TurnPool turns;
    private final Function<Pool, Query<T>> query;

    TurnQuery(TurnPool turns, Function<Pool, Query<T>> query) {
        this.turns = turns;
        this.query = query;
    }

    @Override
    public Future<T> execute() {
        return turns.during(pool -> query.apply(pool).execute());
    }

    @Override
    public Future<T> execute(Tuple arguments) {
        return turns.during(pool -> prepared(pool).execute(arguments));
    }

    @Override
    public Future<T> executeBatch(List<Tuple> batch) {
        return turns.during(pool -> prepared(pool).executeBatch(batch));
    }

    @Override
    public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
        return new TurnQuery<>(turns, pool -> query.apply(pool).collecting(collector));
    }

    @Override
    public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
        return new TurnQuery<>(turns, pool -> query.apply(pool).mapping(mapper));
    }

    @SuppressWarnings("unchecked") // only a prepared query's own methods get here
    private PreparedQuery<T> prepared(Pool pool) {
        return (PreparedQuery<T>) query.apply(pool);
    }
}
