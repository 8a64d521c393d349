package dev.warden.checks.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stored form of a fingerprint's state: written from a copy while the state goes on changing (a
 * daemon writes it out on a worker thread), and read back with its total hash, or without one.
 */
class FingerprintStateTest {
    private static final int OBJECTS = 2_000;

    @Test
    void shouldWriteACopyAsTheStateWasWhenCopiedWhateverChangedSince() {
        Random random = new Random(16);
        FingerprintState state = new FingerprintState("|", 1, "system", 0);
        for (int i = 0; i < OBJECTS; i++) {
            state.put(i, "table:app.t_" + i, digest(random));
        }
        String total = state.total();
        byte[] whenCopied = state.write();

        FingerprintState copy = state.copy();
        for (int i = 0; i < 50; i++) {
            state.put(i, "table:app.t_" + i, digest(random));
            state.remove(OBJECTS - 1 - i);
        }
        state.pending.add(7L);
        state.counters[0]++;

        assertThat(copy.write()).as("the copy's stored form").isEqualTo(whenCopied);
        FingerprintState read = FingerprintState.read(copy.write());
        assertThat(read.totalKnown()).as("stored with its total").isTrue();
        assertThat(read.total()).isEqualTo(total);
        assertThat(read.byKey).hasSize(OBJECTS);
        assertThat(state.total()).isNotEqualTo(total);
    }

    @Test
    void shouldStoreNoTotalThatAChangeMadeStale() {
        Random random = new Random(17);
        FingerprintState state = new FingerprintState("|", 1, "system", 0);
        for (int i = 0; i < OBJECTS; i++) {
            state.put(i, "table:app.t_" + i, digest(random));
        }
        state.total();
        state.put(3, "table:app.t_3", digest(random));

        FingerprintState read = FingerprintState.read(state.copy().write());

        assertThat(read.totalKnown()).as("changed after its total was made: stored without it").isFalse();
        assertThat(read.total()).isEqualTo(state.total());
    }

    private static byte[] digest(Random random) {
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        return digest;
    }
}
