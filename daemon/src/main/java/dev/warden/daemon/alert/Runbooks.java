package dev.warden.daemon.alert;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The runbook pages of {@code docs/runbooks}, one per alert, packaged into the jar under {@code runbooks/}
 * so that Warden serves them itself ({@code GET /runbooks/ALERTNAME.md}) and its alerts' default
 * {@code runbook_url} always points at the runbooks of the Warden that sent them.
 */
public final class Runbooks {
    private static final Pattern ALERTNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");

    private Runbooks() {
    }

    /** The Markdown page of this alert, if Warden has one; blocking (reads the jar). */
    public static Optional<String> page(String alertname) {
        if (!ALERTNAME.matcher(alertname).matches()) {
            return Optional.empty();
        }
        try (InputStream in = Runbooks.class.getClassLoader().getResourceAsStream("runbooks/" + alertname + ".md")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
