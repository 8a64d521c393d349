package dev.warden.checks.schema;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * A fingerprint memory that holds the last state in this process: the check writes its state out as the
 * daemon's does (into the state store), without a state database (benchmarks, tests).
 */
public final class HeldFingerprint implements FingerprintMemory {
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

    /** The last state kept, or null. */
    public byte[] last() {
        return held;
    }

    /** How many bytes the last state kept took, or 0. */
    public int size() {
        byte[] last = held;
        return last == null ? 0 : last.length;
    }
}
