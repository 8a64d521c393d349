package dev.warden.testing;

import dev.warden.postgres.Connections;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Where a test server or database is: enough to build a URI, a JDBC URL or Vert.x options. */
public record PgAddress(String host, int port, String user, String password, String database) {

    /** Parses {@code postgres://user:password@host:port/database}; port defaults to 5432. */
    public static PgAddress parse(String uri) {
        URI parsed = URI.create(uri);
        if (!"postgres".equals(parsed.getScheme()) && !"postgresql".equals(parsed.getScheme())) {
            throw new IllegalArgumentException("expected a postgres:// URI, found scheme " + parsed.getScheme());
        }
        String user = "postgres";
        String password = "";
        String userInfo = parsed.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        String path = parsed.getPath() == null ? "" : parsed.getPath().replaceFirst("^/", "");
        return new PgAddress(parsed.getHost(), parsed.getPort() < 0 ? 5432 : parsed.getPort(), user, password,
                path.isEmpty() ? "postgres" : path);
    }

    public PgAddress withDatabase(String name) {
        return new PgAddress(host, port, user, password, name);
    }

    public String uri() {
        String credentials = encode(user) + (password.isEmpty() ? "" : ":" + encode(password));
        return "postgres://" + credentials + "@" + host + ":" + port + "/" + encode(database);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public PgConnectOptions connectOptions() {
        return new PgConnectOptions().setHost(host).setPort(port).setUser(user).setPassword(password)
                .setDatabase(database);
    }

    /**
     * A pool opened the way Warden opens a target's: at most 2 connections,
     * {@code application_name=warden}, {@code statement_timeout=5s}, {@code lock_timeout=1s}.
     * The caller closes it.
     */
    public Pool wardenPool(Vertx vertx) {
        return Connections.pool(vertx, connectOptions()
                .addProperty("application_name", Connections.APPLICATION_NAME)
                .addProperty("statement_timeout", "5000")
                .addProperty("lock_timeout", "1000"), 2);
    }

    /** Never shows the password, so it is safe in test reports. */
    @Override
    public String toString() {
        return "postgres://" + user + "@" + host + ":" + port + "/" + database;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
