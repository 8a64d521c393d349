package dev.warden.config.schema;

/** One thing wrong with a configuration, at a full key path such as {@code targets[1].url}. */
public record Problem(String path, String message) {
    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
