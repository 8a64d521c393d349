package dev.warden.config;

import dev.warden.config.schema.Found;
import dev.warden.config.schema.HostNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses libpq connection URIs ({@code postgres://user:password@host:port/database?param=value}),
 * filling anything the URI leaves out from {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE},
 * {@code PGUSER}, {@code PGPASSWORD}, {@code PGSSLMODE}, then libpq's defaults.
 */
public final class PostgresUri {
    /** The libpq variables that say where a database is; any of them set means "connect there". */
    public static final Set<String> LOCATION_VARIABLES = Set.of("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD");
    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca",
            "verify-full");
    /** What Warden names its sessions; its checks leave sessions of that name out. */
    private static final String WARDEN_APPLICATION_NAME = "warden";
    private static final Set<String> KNOWN_PARAMETERS = Set.of("sslmode", "connect_timeout", "application_name",
            "options", "target_session_attrs");

    private PostgresUri() {
    }

    /** The connection the {@code PG*} variables describe, when at least one of them is set. */
    public static Optional<ConnectionSpec> fromEnvironment(Map<String, String> env) {
        if (LOCATION_VARIABLES.stream().noneMatch(env::containsKey)) {
            return Optional.empty();
        }
        return Optional.of(build(null, null, null, null, null, new LinkedHashMap<>(), env));
    }

    /**
     * Parses {@code text}; the error message (never containing the password) says what was expected.
     * @throws IllegalArgumentException when the text is not a postgres URI
     */
    public static ConnectionSpec parse(String text, Map<String, String> env) {
        if (!text.startsWith("postgres://") && !text.startsWith("postgresql://")) {
            throw new IllegalArgumentException("expected a postgres:// URI");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected a valid postgres:// URI (" + e.getReason() + ")");
        }
        if (uri.getHost() == null && uri.getRawAuthority() != null && !uri.getRawAuthority().endsWith("@")) {
            // java.net.URI falls back to a "registry" authority when host:port is malformed.
            throw new IllegalArgumentException("expected host[:port] with a numeric port in the postgres:// URI");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                String key = decode(kv[0]);
                if (!KNOWN_PARAMETERS.contains(key)) {
                    throw new IllegalArgumentException("expected URI parameters among " + KNOWN_PARAMETERS
                            + ", found \"" + key + "\"");
                }
                parameters.put(key, kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        validate(parameters);
        Integer port = uri.getPort() < 0 ? null : uri.getPort();
        if (port != null) {
            HostNames.checkPort(port, "the postgres:// URI");
        }
        String host = uri.getHost() == null ? null : HostNames.check(uri.getHost());
        return build(host, port, path.isEmpty() ? null : decode(path), user, password, parameters, env);
    }

    /**
     * Every parameter Warden accepts is applied to its sessions (see {@code Connections}); a value it
     * could not honour is refused here rather than dropped.
     */
    private static void validate(Map<String, String> parameters) {
        String sslMode = parameters.get("sslmode");
        if (sslMode != null && !SSL_MODES.contains(sslMode)) {
            throw new IllegalArgumentException("expected sslmode among " + SSL_MODES + ", found \"" + sslMode + "\"");
        }
        String connectTimeout = parameters.get("connect_timeout");
        if (connectTimeout != null) {
            connectTimeout(connectTimeout);
        }
        String applicationName = parameters.get("application_name");
        if (applicationName != null && !applicationName.equals(WARDEN_APPLICATION_NAME)) {
            throw new IllegalArgumentException("expected application_name \"" + WARDEN_APPLICATION_NAME + "\" or none"
                    + " (Warden's lock and migration checks tell its own sessions by that name), found \""
                    + applicationName + "\"");
        }
        String options = parameters.get("options");
        if (options != null) {
            PostgresOptions.parse(options);
        }
        String targetSessionAttrs = parameters.get("target_session_attrs");
        if (targetSessionAttrs != null && !targetSessionAttrs.equals("any")) {
            throw new IllegalArgumentException("expected target_session_attrs \"any\" or none (Warden connects to one"
                    + " host, which must be a writable primary, and does not check session attributes), found \""
                    + targetSessionAttrs + "\"");
        }
    }

    /** libpq's {@code connect_timeout}: whole seconds; Warden refuses 0, libpq's "wait for ever". */
    static Duration connectTimeout(String seconds) {
        long value = seconds.matches("\\d{1,6}") ? Long.parseLong(seconds) : 0;
        if (value < 1) {
            throw new IllegalArgumentException("expected connect_timeout in whole seconds from 1 to 999999 (Warden"
                    + " never waits for ever), found \"" + seconds + "\"");
        }
        return Duration.ofSeconds(value);
    }

    private static ConnectionSpec build(String host, Integer port, String database, String user, String password,
                                        Map<String, String> parameters, Map<String, String> env) {
        String resolvedHost = host != null && !host.isBlank() ? host : environmentHost(env);
        String portText = port != null ? port.toString() : firstNonBlank(env.get("PGPORT"), "5432");
        int resolvedPort;
        try {
            resolvedPort = Integer.parseInt(portText);
            HostNames.checkPort(resolvedPort, "PGPORT");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a port from 1 to 65535 in PGPORT, found " + Found.quote(portText));
        }
        String resolvedUser = firstNonBlank(user, env.get("PGUSER"), System.getProperty("user.name"));
        String resolvedDatabase = firstNonBlank(database, env.get("PGDATABASE"), resolvedUser);
        String resolvedPassword = firstNonBlank(password, env.get("PGPASSWORD"), "");
        if (!parameters.containsKey("sslmode") && env.get("PGSSLMODE") != null) {
            parameters.put("sslmode", env.get("PGSSLMODE"));
        }
        return new ConnectionSpec(resolvedHost, resolvedPort, resolvedDatabase, resolvedUser,
                new Secret(resolvedPassword), parameters);
    }

    /** {@code PGHOST}, else localhost; a socket directory ({@code /run/postgresql}) passes as written. */
    private static String environmentHost(Map<String, String> env) {
        String host = firstNonBlank(env.get("PGHOST"), "localhost");
        if (host.startsWith("/")) {
            return host;
        }
        try {
            return HostNames.check(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(HostNames.EXPECTED + " in PGHOST, found " + Found.quote(host));
        }
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
