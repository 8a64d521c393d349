package dev.warden.config.schema;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Host names and IP literals checked by their syntax alone. Validation never asks DNS: a name that
 * resolves today may not tomorrow, and {@code config validate} must answer the same offline. What it
 * refuses is what no resolver could take, such as {@code 2147483648}, which a resolver reads as a
 * name, asks DNS about and fails on.
 */
public final class HostNames {
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final int LONGEST_NAME = 253;
    private static final int HIGHEST_PORT = 65535;
    public static final String EXPECTED = "expected a host name (such as db.internal) or an IP address (such as 10.0.0.5 or ::1)";

    private HostNames() {
    }

    /**
     * {@code text} as a host: an IPv4 address, an IPv6 address (brackets dropped), or a DNS name whose
     * labels are letters, digits and inner hyphens and whose last label is not all digits.
     * @throws IllegalArgumentException saying what was expected
     */
    public static String check(String text) {
        String host = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (IPV4.matcher(host).matches() || isIpv6(host) || isName(host)) {
            return host;
        }
        throw new IllegalArgumentException(EXPECTED + ", found " + Found.quote(text));
    }

    /**
     * A port written in a URL ({@code -1} when none was): 1 to 65535.
     * @throws IllegalArgumentException saying what was expected; the caller quotes what was found
     */
    public static void checkPort(int port, String where) {
        if (port == 0 || port > HIGHEST_PORT) {
            throw new IllegalArgumentException("expected a port from 1 to " + HIGHEST_PORT + " in " + where);
        }
    }

    private static boolean isIpv6(String host) {
        if (!host.contains(":") || !IPV6_CHARACTERS.matcher(host).matches()) {
            return false;
        }
        try {
            // In brackets and with a colon, the JDK parses the literal itself and never asks DNS.
            return InetAddress.getByName("[" + host + "]") != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isName(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.length() > LONGEST_NAME) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }
}
