package dev.warden.rollback.backup;

/** Keeps passwords out of messages built from a process's output. */
final class Secrets {
    private Secrets() {
    }

    static String redact(String text, String password) {
        if (password == null || password.isEmpty() || text == null) {
            return text;
        }
        return text.replace(password, "********");
    }
}
