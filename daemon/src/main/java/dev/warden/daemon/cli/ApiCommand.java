package dev.warden.daemon.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
/** A command that talks to the running daemon's HTTP API, where {@link DaemonAddress} finds it. */
abstract class ApiCommand implements Callable<Integer> {
    final Map<String, String> env;
    final PrintStream out;

    @Option(names = "--url", paramLabel = "URL", description = "Where Warden's HTTP API listens; else $WARDEN_URL,"
            + " else the server section of --config, else " + DaemonAddress.DEFAULT_URL + ". Token from $WARDEN_TOKEN"
            + " or the configuration.")
    String url;

    @Option(names = "--config", paramLabel = "FILE", description = "Find the daemon from this configuration's server"
            + " section (default: $WARDEN_CONFIG).")
    Path config;

    ApiCommand(Map<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    ApiClient api() {
        return new ApiClient(DaemonAddress.resolve(url, config, env));
    }

    /** A child command's output, passed to this command's when that is not the process's own (tests, embedding). */
    void passThrough(InputStream childOutput) throws IOException {
        byte[] buffer = new byte[8192];
        for (int n; (n = childOutput.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
        }
        out.flush();
    }

    /** One about a target, named by {@code --target}. */
    abstract static class OnTarget extends ApiCommand {
        @Option(names = "--target", required = true, paramLabel = "T", description = "The target's name.")
        String target;

        OnTarget(Map<String, String> env, PrintStream out) {
            super(env, out);
        }
    }
}
