package dev.warden.rollback.backup;

/** A backup could not be taken or checked; the message says why and, where it can, what to change. */
public class BackupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
