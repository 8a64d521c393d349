package dev.warden.config;

/** A value that must never be printed: {@link #toString()} hides it; only {@link #reveal()} shows it. */
public record Secret(String value) {
    public static final Secret NONE = new Secret("");

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** The secret itself, for the one place that must send it (a connection, an auth check). */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "" : "****";
    }
}
