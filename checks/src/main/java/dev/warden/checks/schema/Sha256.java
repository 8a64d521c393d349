package dev.warden.checks.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hashes a sequence of strings; each is length-prefixed so that ("ab","c") and ("a","bc") differ. */
final class Sha256 {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final MessageDigest digest;
    /** The decimal length prefix, written here: a string per attribute cost a cold process a fifth of its time. */
    private final byte[] prefix = new byte[11];

    Sha256() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private Sha256(MessageDigest digest) {
        this.digest = digest;
    }

    /** An independent copy of what was hashed so far, to go on from twice. */
    Sha256 copy() {
        try {
            return new Sha256((MessageDigest) digest.clone());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the runtime's SHA-256 cannot be copied", e);
        }
    }

    Sha256 add(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        lengthPrefix(bytes.length);
        digest.update(bytes);
        return this;
    }

    /** The same as {@code add(HexFormat.of().formatHex(bytes))}, without the string. */
    Sha256 addHex(byte[] bytes) {
        byte[] hex = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            hex[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        lengthPrefix(hex.length);
        digest.update(hex);
        return this;
    }

    /** {@code length + ":"} in ASCII, as the hashes have always been made. */
    private void lengthPrefix(int length) {
        int start = prefix.length - 1;
        prefix[start] = ':';
        int rest = length;
        do {
            prefix[--start] = (byte) ('0' + rest % 10);
            rest /= 10;
        } while (rest > 0);
        digest.update(prefix, start, prefix.length - start);
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    byte[] bytes() {
        return digest.digest();
    }
}
