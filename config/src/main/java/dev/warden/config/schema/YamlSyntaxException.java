package dev.warden.config.schema;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A text that is not YAML. The message says where and why but never shows the text around the
 * mistake, as the parsers' own messages do: that text may hold a password or a token.
 */
public final class YamlSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /**
     * What SnakeYAML quotes from the document: a parser event (with its anchor and tag) or the text
     * after "found:". Its single-quoted pieces are one character or a piece of syntax, and stay.
     */
    private static final Pattern SNAKEYAML_QUOTED = Pattern.compile("<org\\.yaml[^>]*>|(found|instead): \\S.*$");
    /** What Jackson quotes from the document: a value in single quotes, a parser event. */
    private static final Pattern JACKSON_QUOTED = Pattern.compile("'[^']*'|<[^>]*>|: <.*$");

    YamlSyntaxException(String message) {
        super(message);
    }

    static YamlSyntaxException of(JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked) {
                return new YamlSyntaxException(where(marked.getProblemMark()) + "not valid YAML: "
                        + (marked.getContext() == null ? "" : marked.getContext() + ", ")
                        + hide(marked.getProblem(), SNAKEYAML_QUOTED));
            }
        }
        JsonLocation location = e.getLocation();
        String where = location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
        String first = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
        return new YamlSyntaxException(where + "not valid YAML: " + hide(first, JACKSON_QUOTED));
    }

    private static String where(Mark mark) {
        return mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
    }

    private static String hide(String problem, Pattern quoted) {
        if (problem == null) {
            return "";
        }
        // "found: x" keeps its verb; a quote or an event becomes the note alone.
        return quoted.matcher(problem).replaceAll(m -> m.group().contains(": ")
                ? m.group().substring(0, m.group().indexOf(": ")) + " (not shown)" : "(not shown)");
    }
}
