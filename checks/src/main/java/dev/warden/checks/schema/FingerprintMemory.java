package dev.warden.checks.schema;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Where an {@link IncrementalFingerprint}'s state outlives the process (the daemon's state store), so
 * that a restart or a one-shot check reads only what changed since. Failures only cost a full read.
 */
public interface FingerprintMemory {
    FingerprintMemory NONE = new FingerprintMemory() {
        @Override
        public Future<Optional<byte[]>> recall() {
            return Future.succeededFuture(Optional.empty());
        }

        @Override
        public Future<Void> keep(byte[] state) {
            return Future.succeededFuture();
        }
    };

    Future<Optional<byte[]>> recall();

    Future<Void> keep(byte[] state);
}
