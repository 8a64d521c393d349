package dev.warden.rollback.backup;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** What a backup command printed: a JSON object (on its last line or as all of its output), else its last line. */
final class CommandOutput {
    private CommandOutput() {
    }

    /** A JSON object with at least {@code location} or {@code id}; null when nothing useful was printed. */
    static JsonObject parse(List<String> stdoutTail) {
        List<String> lines = stdoutTail.stream().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            return null;
        }
        String last = lines.get(lines.size() - 1).trim();
        JsonObject json = object(last);
        if (json == null && last.endsWith("}")) {
            json = object(String.join("\n", lines).trim());
        }
        if (json != null && (json.getValue("location") != null || json.getValue("id") != null)) {
            return json;
        }
        return new JsonObject().put("location", last);
    }

    private static JsonObject object(String text) {
        int start = text.indexOf('{');
        if (start < 0 || !text.endsWith("}")) {
            return null;
        }
        try {
            return new JsonObject(text.substring(start));
        } catch (DecodeException e) {
            return null;
        }
    }
}
