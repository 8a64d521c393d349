package dev.warden.daemon.migrate;

import dev.warden.checks.RowCountExpectation;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An expectation as an operator writes it, {@code orders:-70%..0}: the table, then the lowest and the
 * highest change of its row count against the pre-migration snapshot, in percent. Parsed here and
 * nowhere else, so the CLI, the API and the report say it the same way.
 */
public record DeclaredExpectation(String declared, RowCountExpectation expectation) {
    private static final Pattern FORM = Pattern.compile("([A-Za-z_][\\w$]*(?:\\.[A-Za-z_][\\w$]*)?):([-+]?\\d+(?:\\.\\d+)?)%?\\.\\.([-+]?\\d+(?:\\.\\d+)?)%?");
    static final String FORM_HINT = "TABLE:MIN..MAX with changes in percent, e.g. orders:-70%..0 or events:0..+50%";

    /** Parses one; {@link IllegalArgumentException} with the text quoted and the expected form otherwise. */
    public static DeclaredExpectation parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected " + FORM_HINT + ", found \"" + text + "\"");
        }
        double low = Double.parseDouble(m.group(2));
        double high = Double.parseDouble(m.group(3));
        if (low < -100 || high < low) {
            throw new IllegalArgumentException("expected -100% <= MIN <= MAX, found \"" + text + "\"");
        }
        return new DeclaredExpectation(text.strip(), new RowCountExpectation(m.group(1), 1 + low / 100, 1 + high / 100));
    }

    public static List<RowCountExpectation> of(List<DeclaredExpectation> declared) {
        return declared.stream().map(DeclaredExpectation::expectation).toList();
    }

    public String table() {
        return expectation.table();
    }
}
