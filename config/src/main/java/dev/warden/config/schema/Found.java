package dev.warden.config.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.config.Redaction;

/**
 * How a value found in a configuration is quoted back in a message: credentials in URLs masked (by
 * {@link Redaction}), secrets not at all, long text cut short, and numbers that are not finite in
 * YAML's own spelling ({@code .inf}, {@code .nan}).
 */
public final class Found {
    /** Text quoted back beyond this length is cut: a message names a value, it need not repeat it. */
    static final int LONGEST_QUOTE = 80;
    static final String HIDDEN = "a value (hidden)";

    private Found() {
    }

    /** {@code text} in double quotes, credentials masked, cut to {@link #LONGEST_QUOTE} characters. */
    public static String quote(String text) {
        String safe = Redaction.quote(text);
        if (safe.length() <= LONGEST_QUOTE) {
            return "\"" + safe + "\"";
        }
        return "\"" + safe.substring(0, LONGEST_QUOTE) + "...\" (" + text.length() + " characters)";
    }

    /** A YAML value as a message shows it after "found". */
    static String describe(JsonNode value, boolean secret) {
        if (secret) {
            return HIDDEN;
        }
        if (value.isTextual()) {
            return quote(value.asText());
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (notFinite(value)) {
            return yamlSpelling(value.doubleValue()) + " (not a finite number)";
        }
        String text = value.toString();
        return text.length() > LONGEST_QUOTE ? text.substring(0, LONGEST_QUOTE) + "... (" + text.length() + " digits)"
                : text;
    }

    /** YAML's {@code .inf}, {@code -.inf} and {@code .nan}, which no key takes. */
    static boolean notFinite(JsonNode value) {
        return value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue());
    }

    /**
     * The message of a value a key refused, ending with what was found. A key whose type is a secret
     * writes its own message, never quoting the value; under a key whose name smells of a secret, what
     * the type quoted is replaced, so that the value never shows.
     */
    static String complete(String message, JsonNode value, Key<?> key) {
        boolean smellsSecret = !key.type().secret() && Redaction.smellsSecret(key.name());
        int found = message.indexOf("found");
        if (smellsSecret && found >= 0) {
            return message.substring(0, found) + "found " + HIDDEN;
        }
        if (found >= 0) {
            return message;
        }
        return message + ", found " + describe(value, key.type().secret() || smellsSecret);
    }

    private static String yamlSpelling(double value) {
        if (Double.isNaN(value)) {
            return ".nan";
        }
        return value > 0 ? ".inf" : "-.inf";
    }
}
