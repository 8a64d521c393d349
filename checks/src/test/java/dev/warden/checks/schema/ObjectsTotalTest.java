package dev.warden.checks.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Issue 14: the total made again from the first changed key on equals the total made over every object. */
class ObjectsTotalTest {
    private static final int OBJECTS = 5_000;

    @Test
    void shouldEqualTheTotalOverEveryObjectAfterAddsChangesRenamesAndRemovals() {
        FingerprintState state = new FingerprintState("|", 1, "system", 0);
        Random random = new Random(14);
        for (int i = 0; i < OBJECTS; i++) {
            state.put(i, key(i), digest(random));
        }
        assertThat(state.total()).isEqualTo(fromScratch(state));

        for (int round = 0; round < 200; round++) {
            long identity = random.nextInt(OBJECTS + 100);
            switch (random.nextInt(4)) {
                case 0 -> state.put(identity, key(identity), digest(random)); // changed, or added
                case 1 -> state.put(identity, "table:z.renamed_" + identity, digest(random));
                case 2 -> state.remove(identity);
                default -> state.put(identity, "constraint:a.first_" + identity, digest(random));
            }
            if (round % 3 == 0) {
                assertThat(state.total()).as("after round " + round).isEqualTo(fromScratch(state));
            }
        }
        assertThat(state.total()).isEqualTo(fromScratch(state));
        assertThat(state.total()).as("unchanged, asked again").isEqualTo(fromScratch(state));
    }

    @Test
    void shouldGiveTheFullReadsHashOfAnEmptyFingerprint() {
        FingerprintState state = new FingerprintState("|", 1, "system", 0);

        assertThat(state.total()).isEqualTo(SchemaFingerprint.of(java.util.List.of(), java.util.List.of()).hash());
    }

    /** How {@link SchemaFingerprint} makes a total: every key and hash, in key order. */
    private static String fromScratch(FingerprintState state) {
        Sha256 sha = new Sha256();
        state.byKey.forEach((key, entry) -> sha.add(key).addHex(entry.digest()));
        return SchemaFingerprint.total(sha, java.util.List.of());
    }

    private static String key(long i) {
        return (i % 3 == 0 ? "table:app.t_" : i % 3 == 1 ? "index:app.t_" : "constraint:app.t_") + i;
    }

    private static byte[] digest(Random random) {
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        return digest;
    }
}
