package dev.warden.daemon.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.warden.WardenException;
import dev.warden.config.PostgresUri;
import dev.warden.daemon.Warden;
import dev.warden.testing.PgAddress;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The embedded default's server, in this JVM: the first start goes through the archive, later ones run
 * the binaries it left (never the archive), and everything a start met before still works: a marker gone
 * or naming another jar, a server killed (its postmaster.pid left behind), a data directory in use.
 */
class EmbeddedServerTest {
    private static final Path WORK = PostgresServer.workDirectory().resolve("embedded-" + ProcessHandle.current().pid());

    @Test
    void shouldStartASecondTimeFromTheUnpackedBinariesWithoutReadingTheArchive() throws Exception {
        Path home = WORK.resolve("second-start");
        try (EmbeddedServer first = EmbeddedServer.start(home)) {
            assertThat(first.binaries()).isEqualTo(EmbeddedServer.Binaries.ARCHIVE);
        }
        Path bin = home.resolve("postgres/bin");
        Path unpacked = Path.of(marker(bin).getProperty("directory"));
        // The marker is moved to a copy of the binaries (hard links): a start that read the archive would find
        // the directory its hash names and run the binaries there instead.
        Path copy = linkCopy(unpacked, bin.resolve("PG-copy"));
        rewriteMarker(bin, "directory", copy.toString());

        try (EmbeddedServer second = EmbeddedServer.start(home)) {
            assertThat(second.binaries()).isEqualTo(EmbeddedServer.Binaries.UNPACKED);
            assertThat(postmasterExecutable(home)).startsWith(copy);
            assertThat(new Sql(PgAddress.parse(second.uri("postgres"))).queryLong("SELECT 1")).isEqualTo(1);
        }
        assertThat(home.resolve("postgres/data/postmaster.pid")).as("stopped").doesNotExist();
    }

    @Test
    void shouldGoThroughTheArchiveWhenTheMarkerIsMissingOrNamesAnotherJar() throws Exception {
        Path home = WORK.resolve("marker");
        Path bin = home.resolve("postgres/bin");
        EmbeddedServer.start(home).close();
        String origin = marker(bin).getProperty("origin");

        Files.delete(bin.resolve(UnpackedBinaries.MARKER));
        try (EmbeddedServer server = EmbeddedServer.start(home)) {
            assertThat(server.binaries()).isEqualTo(EmbeddedServer.Binaries.ARCHIVE);
        }
        assertThat(marker(bin).getProperty("origin")).as("written again").isEqualTo(origin);

        rewriteMarker(bin, "origin", origin.replaceFirst("size=\\d+", "size=1"));
        try (EmbeddedServer server = EmbeddedServer.start(home)) {
            assertThat(server.binaries()).as("another jar").isEqualTo(EmbeddedServer.Binaries.ARCHIVE);
        }
        assertThat(marker(bin).getProperty("origin")).isEqualTo(origin);

        try (EmbeddedServer server = EmbeddedServer.start(home)) {
            assertThat(server.binaries()).isEqualTo(EmbeddedServer.Binaries.UNPACKED);
        }
    }

    @Test
    void shouldStartAfterTheServerWasKilledLeavingItsPostmasterPid() throws Exception {
        Path home = WORK.resolve("killed");
        Path data = home.resolve("postgres/data");
        EmbeddedServer.start(home).close();
        EmbeddedServer killed = EmbeddedServer.start(home);
        assertThat(killed.binaries()).isEqualTo(EmbeddedServer.Binaries.UNPACKED);
        Sql sql = new Sql(PgAddress.parse(killed.uri("postgres")));
        sql.execute("CREATE TABLE kept (id int)");
        sql.execute("CHECKPOINT");

        ProcessHandle postmaster = ProcessHandle.of(PostmasterPid.read(data).orElseThrow().pid()).orElseThrow();
        List<ProcessHandle> children = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        // The next postmaster refuses shared memory its predecessor's children still hold: they end when they see it gone.
        await().atMost(Duration.ofSeconds(30)).until(() -> Stream.concat(Stream.of(postmaster), children.stream())
                .noneMatch(ProcessHandle::isAlive));
        killed.close();   // pg_ctl stop finds no server; the data directory's lock is let go
        assertThat(data.resolve("postmaster.pid")).as("left by the killed server").exists();

        try (EmbeddedServer again = EmbeddedServer.start(home)) {
            assertThat(again.binaries()).isEqualTo(EmbeddedServer.Binaries.UNPACKED);
            assertThat(new Sql(PgAddress.parse(again.uri("postgres")))
                    .queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'kept'")).isEqualTo(1);
        }
    }

    /**
     * A Warden that ends without stopping its server (killed, crashed) lets the data directory's lock go,
     * and its postmaster runs on: the next start stops it and starts, rather than failing every time.
     */
    @Test
    void shouldStopAServerADeadWardenLeftRunningAndStart() throws Exception {
        Path home = WORK.resolve("left-running");
        Path data = home.resolve("postgres/data");
        try (EmbeddedServer first = EmbeddedServer.start(home)) {
            new Sql(PgAddress.parse(first.uri("postgres"))).execute("CREATE TABLE kept (id int)");
        }
        // The server as that Warden left it: started by pg_ctl, with no lock held on the data directory.
        Path pgCtl = Path.of(marker(home.resolve("postgres/bin")).getProperty("directory")).resolve("bin/pg_ctl");
        List<String> start = new ArrayList<>(isRoot() ? List.of("unshare", "-U") : List.of());
        start.addAll(List.of(pgCtl.toString(), "-D", data.toString(), "-l", home.resolve("left.log").toString(),
                "-o", "-p " + freePort(), "-w", "start"));
        assertThat(new ProcessBuilder(start).redirectErrorStream(true).start().waitFor()).isZero();
        ProcessHandle leftRunning = ProcessHandle.of(PostmasterPid.read(data).orElseThrow().pid()).orElseThrow();

        try (EmbeddedServer again = EmbeddedServer.start(home)) {
            // Its exit is seen once whoever inherited it (not this JVM) has reaped it.
            await().atMost(Duration.ofSeconds(10)).until(() -> !leftRunning.isAlive());
            assertThat(new Sql(PgAddress.parse(again.uri("postgres")))
                    .queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'kept'")).isEqualTo(1);
        }
    }

    private static boolean isRoot() throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void shouldSayWhatStoppedAStartThatFailedAndLeaveNoServer() throws Exception {
        Path home = WORK.resolve("bad-setting");
        EmbeddedServer.start(home).close();
        Path conf = home.resolve("postgres/data/postgresql.conf");
        Files.writeString(conf, "shared_buffers = 'a lot'\n", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> EmbeddedServer.start(home)).isInstanceOf(WardenException.class)
                .hasMessageContaining("cannot start the embedded PostgreSQL")
                .hasMessageContaining("shared_buffers")
                .hasMessageNotContaining("another Warden");
        assertThat(home.resolve("postgres/data/postmaster.pid")).as("no server left").doesNotExist();
    }

    @Test
    void shouldSayWhenAnotherWardenUsesTheDataDirectory() throws Exception {
        Path home = WORK.resolve("in-use");
        EmbeddedServer.start(home).close();
        try (EmbeddedServer running = EmbeddedServer.start(home)) {
            assertThatThrownBy(() -> EmbeddedServer.start(home)).isInstanceOf(WardenException.class)
                    .hasMessageContaining("is another Warden using this data directory? set WARDEN_HOME to use another");
            Files.delete(home.resolve("postgres/bin").resolve(UnpackedBinaries.MARKER));
            assertThatThrownBy(() -> EmbeddedServer.start(home)).as("through the archive").isInstanceOf(WardenException.class)
                    .hasMessageContaining("is another Warden using this data directory? set WARDEN_HOME to use another");
            assertThat(new Sql(PgAddress.parse(running.uri("postgres"))).queryLong("SELECT 1")).as("untouched").isEqualTo(1);
        }
    }

    @Test
    void shouldTellThatTheDemoDatabaseIsPreparedWhileItsDirectoryIsThere() throws Exception {
        Path home = WORK.resolve("demo");
        Vertx vertx = Vertx.vertx();
        try (EmbeddedServer server = EmbeddedServer.start(home)) {
            assertThat(DemoDatabase.isPrepared(server.directory())).isFalse();
            ensureDemo(vertx, server);
            assertThat(DemoDatabase.isPrepared(server.directory())).isTrue();
            Sql admin = new Sql(PgAddress.parse(server.uri("postgres")));

            admin.execute("DROP DATABASE demo");
            assertThat(DemoDatabase.isPrepared(server.directory())).as("dropped").isFalse();
            ensureDemo(vertx, server);
            assertThat(DemoDatabase.isPrepared(server.directory())).isTrue();
            assertThat(new Sql(PgAddress.parse(server.uri(DemoDatabase.NAME))).queryLong("SELECT count(*) FROM customers"))
                    .isEqualTo(200);
        } finally {
            vertx.close();
        }
    }

    private static void ensureDemo(Vertx vertx, EmbeddedServer server) {
        Warden.await(DemoDatabase.ensure(vertx, PostgresUri.parse(server.uri(DemoDatabase.NAME), Map.of()), server.directory()),
                Duration.ofSeconds(60), "preparing the demo database");
    }

    private static Path postmasterExecutable(Path home) throws IOException {
        long pid = PostmasterPid.read(home.resolve("postgres/data")).orElseThrow().pid();
        return Path.of(ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow());
    }

    private static Properties marker(Path bin) throws IOException {
        Properties marker = new Properties();
        try (Reader in = Files.newBufferedReader(bin.resolve(UnpackedBinaries.MARKER))) {
            marker.load(in);
        }
        return marker;
    }

    private static void rewriteMarker(Path bin, String key, String value) throws IOException {
        Properties marker = marker(bin);
        marker.setProperty(key, value);
        try (Writer out = Files.newBufferedWriter(bin.resolve(UnpackedBinaries.MARKER))) {
            marker.store(out, null);
        }
    }

    private static Path linkCopy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(path -> {
                Path target = to.resolve(from.relativize(path).toString());
                try {
                    if (Files.isSymbolicLink(path)) {
                        Files.createSymbolicLink(target, Files.readSymbolicLink(path));
                    } else if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                    } else {
                        Files.createLink(target, path);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return to;
    }
}
