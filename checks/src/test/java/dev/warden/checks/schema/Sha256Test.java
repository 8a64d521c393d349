package dev.warden.checks.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sha256Test {
    /** Stored snapshots' hashes were made with "LENGTH:" then the bytes: the same input must keep its hash. */
    @Test
    void shouldHashEachValueAfterItsDecimalLengthAndAColon() throws Exception {
        String[] values = {"", "a", "ten chars!", "x".repeat(99), "y".repeat(100), "é".repeat(12_345)};
        Sha256 sha = new Sha256();
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        for (String value : values) {
            sha.add(value);
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            expected.update((bytes.length + ":" + value).getBytes(StandardCharsets.UTF_8));
        }
        byte[] raw = {0, 1, (byte) 0xab, (byte) 0xff};
        sha.addHex(raw);
        expected.update(("8:" + HexFormat.of().formatHex(raw)).getBytes(StandardCharsets.US_ASCII));

        assertThat(sha.hex()).isEqualTo(HexFormat.of().formatHex(expected.digest()));
    }
}
