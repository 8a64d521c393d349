package dev.warden.daemon.grafana;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A .dockerignore file's rules as Docker applies them: patterns relative to the build context, in
 * order, the last match winning, {@code !} re-including; a pattern that matches a folder excludes
 * everything under it; {@code *} and {@code ?} stay within one path element, {@code **} spans any.
 */
final class DockerIgnore {
    private record Rule(Pattern pattern, boolean include) {
    }

    private final List<Rule> rules = new ArrayList<>();

    DockerIgnore(String file) {
        for (String raw : file.lines().toList()) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean include = line.startsWith("!");
            String pattern = (include ? line.substring(1) : line).trim().replaceAll("^/+", "").replaceAll("/+$", "");
            rules.add(new Rule(Pattern.compile(regex(pattern)), include));
        }
    }

    /** Whether {@code path} (relative to the context, with {@code /}) stays out of the build context. */
    boolean excludes(String path) {
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matchesItselfOrAFolderAbove(rule.pattern(), path)) {
                excluded = !rule.include();
            }
        }
        return excluded;
    }

    private static boolean matchesItselfOrAFolderAbove(Pattern pattern, String path) {
        String candidate = path;
        while (true) {
            if (pattern.matcher(candidate).matches()) {
                return true;
            }
            int slash = candidate.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            candidate = candidate.substring(0, slash);
        }
    }

    private static String regex(String glob) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean folder = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                out.append(folder ? "(?:.*/)?" : ".*");
                i += folder ? 2 : 1;
            } else if (c == '*') {
                out.append("[^/]*");
            } else if (c == '?') {
                out.append("[^/]");
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
