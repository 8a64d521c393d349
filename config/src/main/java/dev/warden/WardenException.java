package dev.warden;

/**
 * The one exception Warden raises on purpose. Its message says what to change; its code says
 * which exit code the CLI returns. Messages never contain a password.
 */
public class WardenException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public WardenException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public WardenException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
