package dev.warden.daemon.cli;

import dev.warden.config.WardenConfig;
import dev.warden.daemon.Logging;
import dev.warden.daemon.ShutdownSignal;
import dev.warden.daemon.Version;
import dev.warden.daemon.Warden;
import dev.warden.daemon.embedded.EmbeddedServer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
/** {@code warden run}: start the daemon and keep it running until SIGTERM or SIGINT. */
@Command(name = "run", description = "Run the Warden daemon (on an embedded PostgreSQL when nothing is configured).")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    private final Map<String, String> env;
    private final PrintStream out;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (default: $WARDEN_CONFIG).")
    Path config;

    @Option(names = "--port", paramLabel = "PORT", description = "Override server.port (0 picks a free port).")
    Integer port;

    RunCommand(Map<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        ShutdownSignal signal = ShutdownSignal.install();
        WardenConfig given = ConfigSource.given(config, env);
        if (given != null) {
            Logging.use(given.server().logFormat());
        }
        EmbeddedServer embedded = null;
        WardenConfig resolved = given;
        if (given == null) {
            log.info("No configuration given (--config, WARDEN_CONFIG or PG* variables): using the embedded default");
            ConfigSource.Setup setup = ConfigSource.embedded(env);
            embedded = setup.embedded();
            resolved = setup.config();
        }
        if (port != null) {
            resolved = resolved.withServer(resolved.server().withPort(port));
        }
        try {
            long startedAt = System.nanoTime();
            Warden warden = Warden.start(resolved, Clock.systemUTC());
            log.info("Started in {} ms ({} ms since the JVM started)", (System.nanoTime() - startedAt) / 1_000_000,
                    ManagementFactory.getRuntimeMXBean().getUptime());
            out.println("Warden " + Version.current() + " is watching " + resolved.targets().size()
                    + (resolved.targets().size() == 1 ? " target" : " targets") + ".");
            out.println("  metrics:   " + warden.baseUrl() + "/metrics");
            out.println("  readiness: " + warden.baseUrl() + "/health/ready");
            out.flush();
            signal.await();
            log.info("Stopping: finishing in-flight work and closing connections");
            warden.stop();
            log.info("Stopped");
            return 0;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
