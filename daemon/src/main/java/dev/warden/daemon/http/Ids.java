package dev.warden.daemon.http;

import java.util.regex.Pattern;

/** Ids from paths and queries, checked before they reach PostgreSQL. */
final class Ids {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    /** A rollback id is a UUID. */
    static boolean isRollbackId(String text) {
        return text != null && UUID.matcher(text).matches();
    }

    /** A snapshot id is a positive number; null otherwise. */
    static Long snapshotId(String text) {
        if (text == null || text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(text);
    }

    /** The {@code ?target=} of a list (null when absent); a 400 for one no target could be named. */
    static String targetFilter(io.vertx.ext.web.RoutingContext ctx) {
        String target = ctx.queryParams().get("target");
        if (target != null && target.chars().anyMatch(Character::isISOControl)) {
            throw JsonBody.bad("target: expected a target's name, found " + quote(target));
        }
        return target;
    }

    /** A name fit to quote back: control characters (NUL included) shown escaped, at most 100 characters. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        String shown = text == null ? "" : text.length() > 100 ? text.substring(0, 100) + "..." : text;
        shown.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c)
                : new String(Character.toChars(c))));
        return out.append('"').toString();
    }
}
