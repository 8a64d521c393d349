package dev.warden.daemon.snapshot;

import dev.warden.checks.schema.SchemaFingerprint;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * A stored snapshot's schema, read and decoded when first asked and kept from then on. At 10,000
 * tables the decoding is seconds of CPU in a fresh process, and an unchanged catalog never needs it:
 * the schema check compares the total hash first. A failed read is tried again at the next ask.
 */
final class SchemaOnDemand implements Supplier<Future<SchemaFingerprint>> {
    private final Supplier<Future<SchemaFingerprint>> read;
    private Future<SchemaFingerprint> kept;

    SchemaOnDemand(Supplier<Future<SchemaFingerprint>> read) {
        this.read = read;
    }

    @Override
    public synchronized Future<SchemaFingerprint> get() {
        if (kept == null || kept.failed()) {
            kept = read.get();
        }
        return kept;
    }
}
