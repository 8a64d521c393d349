package dev.warden.daemon.cli;

import dev.warden.config.ConfigLoader;
import dev.warden.config.ServerConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a client command finds the daemon, first found wins: {@code --url}; {@code $WARDEN_URL};
 * the server section of {@code --config} or {@code $WARDEN_CONFIG} (host, port and token); else
 * the default port on this machine. The token is {@code $WARDEN_TOKEN}, else the configuration's.
 *
 * @param source what named the address, for the message when nothing answers there
 */
record DaemonAddress(String url, String token, String source) {
    static final String DEFAULT_URL = "http://127.0.0.1:" + ServerConfig.DEFAULT_PORT;

    static DaemonAddress resolve(String urlOption, Path configOption, Map<String, String> env) {
        String token = env.getOrDefault("WARDEN_TOKEN", "");
        if (urlOption != null) {
            return new DaemonAddress(urlOption, token, "--url");
        }
        String fromEnv = env.get("WARDEN_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new DaemonAddress(fromEnv, token, "$WARDEN_URL");
        }
        Path config = configOption != null ? configOption
                : env.containsKey("WARDEN_CONFIG") && !env.get("WARDEN_CONFIG").isBlank() ? Path.of(env.get("WARDEN_CONFIG"))
                : null;
        if (config == null) {
            return new DaemonAddress(DEFAULT_URL, token, "the default");
        }
        ServerConfig server = ConfigLoader.load(config, env).server();
        return new DaemonAddress("http://" + reachable(server.host()) + ":" + server.port(),
                token.isEmpty() ? server.token().value() : token,
                "the server section of " + config);
    }

    /** The address to dial for a server that listens on {@code host}: every interface is reachable on loopback. */
    private static String reachable(String host) {
        return switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
    }
}
