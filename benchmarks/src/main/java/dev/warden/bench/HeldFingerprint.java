package dev.warden.bench;

import dev.warden.checks.schema.FingerprintMemory;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * A fingerprint memory that holds the last state in this process: the check writes its state out as the
 * daemon's does (into the state store), so a benchmark pays for that too, without a state database.
 */
final class HeldFingerprint implements FingerprintMemory {
    private volatile byte[] held;

    @Override
    public Future<Optional<byte[]>> recall() {
        return Future.succeededFuture(Optional.ofNullable(held));
    }

    @Override
    public Future<Void> keep(byte[] state) {
        held = state;
        return Future.succeededFuture();
    }

    /** How many bytes the last state kept took, or 0. */
    int size() {
        byte[] last = held;
        return last == null ? 0 : last.length;
    }
}
