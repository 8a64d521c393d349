package dev.warden;

/** What went wrong, in the terms the CLI's exit code speaks: 1 the work failed, 2 bad usage or config. */
public enum ErrorCode {
    BAD_USAGE(2),
    BAD_CONFIG(2),
    FAILED(1),
    UNAVAILABLE(1),
    /** The work is already under way (a snapshot, a rollback); not started twice. */
    BUSY(1),
    /** The request is sound but the target cannot carry it out as it stands (no settings, no backup); says what it lacks. */
    CANNOT_CARRY_OUT(1),
    NOT_FOUND(1),
    STATE_SCHEMA_TOO_NEW(1);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
