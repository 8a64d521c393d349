package dev.warden.daemon.check;

import dev.warden.checks.schema.FingerprintMemory;
import dev.warden.daemon.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A target's incremental schema fingerprint kept in the state store ({@code warden.schema_fingerprints},
 * state script V11), so that a restarted daemon or {@code warden check --once} reads only what changed.
 * Recalling waits a few seconds at most for the store; a store that is not open is not written to.
 */
final class StoredFingerprint implements FingerprintMemory {
    private static final long RECALL_WITHIN_SECONDS = 5;

    private final StateStore state;
    private final String target;

    StoredFingerprint(StateStore state, String target) {
        this.state = state;
        this.target = target;
    }

    @Override
    public Future<Optional<byte[]>> recall() {
        return state.ready().compose(v -> state.pool()
                        .preparedQuery("SELECT state FROM warden.schema_fingerprints WHERE target = $1")
                        .execute(Tuple.of(target)))
                .timeout(RECALL_WITHIN_SECONDS, TimeUnit.SECONDS)
                .map(rows -> {
                    Row row = rows.size() == 0 ? null : rows.iterator().next();
                    return row == null ? Optional.<byte[]>empty() : Optional.of(row.getBuffer("state").getBytes());
                });
    }

    @Override
    public Future<Void> keep(byte[] fingerprint) {
        return state.ifOpen().compose(v -> state.pool().preparedQuery("""
                INSERT INTO warden.schema_fingerprints (target, state) VALUES ($1, $2)
                ON CONFLICT (target) DO UPDATE SET state = EXCLUDED.state, saved_at = now()""")
                .execute(Tuple.of(target, Buffer.buffer(fingerprint)))).mapEmpty();
    }
}
