package dev.warden.daemon.cli;

import dev.warden.ErrorCode;
import dev.warden.WardenException;
import dev.warden.config.WardenConfig;
import dev.warden.daemon.HeapGiveBack;
import dev.warden.daemon.Logging;
import dev.warden.daemon.ShutdownSignal;
import dev.warden.daemon.Version;
import dev.warden.daemon.Warden;
import dev.warden.daemon.embedded.EmbeddedServer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
/** {@code warden run}: start the daemon and keep it running until SIGTERM or SIGINT. */
@Command(name = "run", description = "Run the Warden daemon (on an embedded PostgreSQL when nothing is configured).",
        exitCodeList = {
                "0:Stopped by SIGTERM or SIGINT after finishing in-flight work.",
                "1:The state schema is newer than this Warden, or start-up failed.",
                "2:Bad configuration."},
        footerHeading = "%nExamples:%n", footer = {
                "  warden run                                  # embedded PostgreSQL with a demo database",
                "  warden run --config /etc/warden/warden.yaml",
                "  PGHOST=db PGDATABASE=orders warden run      # one target from libpq's variables"})
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
        List<String> heapFlags = HeapGiveBack.apply();
        WardenConfig given = ConfigSource.given(config, env);
        if (given != null) {
            Logging.use(given.server().logFormat());
        }
        EmbeddedServer embedded = null;
        WardenConfig resolved = given;
        if (!heapFlags.isEmpty()) {
            log.debug("Heap given back after spikes: set {}", String.join(" ", heapFlags));
        }
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
            // Returns before the state store is open: start-up waits for it as long as it takes, answering
            // /health/live meanwhile; only a failure that waiting cannot cure ends the process.
            Warden warden = Warden.launch(resolved, Clock.systemUTC());
            AtomicReference<Throwable> fatal = new AtomicReference<>();
            boolean demo = embedded != null;
            warden.started()
                    .onSuccess(v -> log.info("Started in {} ms ({} ms since the JVM started)",
                            (System.nanoTime() - startedAt) / 1_000_000, ManagementFactory.getRuntimeMXBean().getUptime()))
                    .onSuccess(v -> {
                        if (demo) {
                            DemoBaseline.takeWhenMissing(warden.baseUrl());
                        }
                    })
                    .onFailure(e -> {
                        fatal.compareAndSet(null, e);
                        signal.trigger();
                    });
            out.println("Warden " + Version.current() + " is watching " + resolved.targets().size()
                    + (resolved.targets().size() == 1 ? " target" : " targets") + ".");
            out.println("  metrics:   " + warden.baseUrl() + "/metrics");
            out.println("  readiness: " + warden.baseUrl() + "/health/ready");
            if (demo) {
                out.println("  try:       warden demo break   (a bad migration on the demo: Warden catches it and"
                        + " rolls it back)");
            }
            out.flush();
            signal.await();
            if (fatal.get() != null) {
                warden.stop();
                throw fatal.get() instanceof WardenException e ? e
                        : new WardenException(ErrorCode.FAILED, "start-up failed: " + fatal.get().getMessage(), fatal.get());
            }
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
