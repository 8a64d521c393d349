package dev.warden.daemon.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.config.ConnectionSpec;
import dev.warden.config.PostgresUri;
import dev.warden.config.SessionConfig;
import dev.warden.postgres.Connections;
import dev.warden.testing.PostgresExtension;
import dev.warden.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 9: each URI parameter Warden accepts reaches the server (or the connection) it opens. */
@ExtendWith(PostgresExtension.class)
class ConnectionsTest {
    private static final SessionConfig SESSION = new SessionConfig(2, Duration.ofSeconds(5), Duration.ofSeconds(1),
            Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30), SessionConfig.UNBOUNDED);
    private static TestDatabase database;

    private final Vertx vertx = Vertx.vertx();
    private final List<Pool> pools = new ArrayList<>();

    @BeforeAll
    static void database(TestDatabase shared) {
        database = shared;
    }

    @AfterEach
    void close() {
        pools.forEach(pool -> pool.close().await());
        vertx.close().await();
    }

    @AfterAll
    static void forget() {
        database = null;
    }

    @Test
    void sslmodeShouldReachTheConnection() {
        Row plain = pool("sslmode=disable").query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                .execute().await().iterator().next();
        assertThat(plain.getBoolean(0)).isFalse();

        // The test server has no certificate: a session that requires TLS cannot be opened.
        Future<?> required = pool("sslmode=require").query("SELECT 1").execute();
        await().atMost(Duration.ofSeconds(10)).until(required::isComplete);
        assertThat(required.cause()).hasMessageContaining("SSL");
    }

    @Test
    void applicationNameWardenShouldBeVisibleInPgStatActivity() {
        Pool pool = pool("application_name=warden");
        int pid = pool.query("SELECT pg_backend_pid()").execute().await().iterator().next().getInteger(0);

        assertThat(database.sql().queryColumn("SELECT application_name FROM pg_stat_activity WHERE pid = " + pid))
                .containsExactly("warden");
    }

    @Test
    void optionsSettingsShouldBeInEffectOnEverySession() {
        Pool pool = pool("options=-c%20statement_timeout%3D1500%20--lock-timeout%3D300ms"
                + "%20-c%20search_path%3Dapp,public%20-c%20work_mem%3D8MB");

        for (int i = 0; i < 2; i++) {
            // Both of the pool's connections: hold one while asking on the other.
            assertThat(pool.withConnection(first -> pool.withConnection(second -> second.query(
                    "SELECT current_setting('statement_timeout'), current_setting('lock_timeout'),"
                            + " current_setting('search_path'), current_setting('work_mem'),"
                            + " current_setting('application_name')").execute()
                    .map(rows -> texts(rows.iterator().next())))).await())
                    .containsExactly("1500ms", "300ms", "app,public", "8MB", "warden");
        }
    }

    @Test
    void optionsStatementTimeoutShouldCancelALongerStatement() {
        Future<?> sleep = pool("options=-c%20statement_timeout%3D200").query("SELECT pg_sleep(3)").execute();

        await().atMost(Duration.ofMillis(2500)).until(sleep::isComplete);
        assertThat(sleep.cause()).isInstanceOfSatisfying(PgException.class,
                e -> assertThat(e.getSqlState()).isEqualTo("57014"));
    }

    @Test
    void optionsShouldNeverRaiseOrDisableWardensTimeouts() {
        // Config refuses this for a target; the state store's connection still keeps Warden's caps.
        Row row = pool("options=-c%20statement_timeout%3D60s%20-c%20lock_timeout%3D0")
                .query("SHOW statement_timeout").execute().await().iterator().next();
        assertThat(row.getString(0)).isEqualTo("5s");
        assertThat(pool("options=-c%20lock_timeout%3D0").query("SHOW lock_timeout").execute().await()
                .iterator().next().getString(0)).isEqualTo("1s");
    }

    @Test
    void connectTimeoutShouldBoundOpeningAConnection() throws IOException {
        assertThat(Connections.netOptions(spec("connect_timeout=3"), SESSION).getConnectTimeout()).isEqualTo(3000);
        assertThat(Connections.netOptions(spec(""), SESSION).getConnectTimeout()).isEqualTo(30_000);

        // A listener whose accept queue is full drops new SYNs: connecting hangs until the timeout.
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket silent = new ServerSocket(0, 1, loopback)) {
            List<Socket> queued = fillAcceptQueue(new InetSocketAddress(loopback, silent.getLocalPort()));
            try {
                ConnectionSpec spec = PostgresUri.parse("postgres://warden:pw@" + loopback.getHostAddress() + ":"
                        + silent.getLocalPort() + "/nowhere?connect_timeout=1", Map.of());
                Pool pool = Connections.pool(vertx, "silent", spec, SESSION);
                pools.add(pool);
                Future<?> attempt = pool.query("SELECT 1").execute();

                // The session's 30s would still be waiting: the URI's 1s applies.
                await().atMost(Duration.ofSeconds(10)).until(attempt::isComplete);
                assertThat(attempt.cause()).hasMessageContaining("timed out");
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void targetSessionAttrsAnyShouldConnectToThePrimary() {
        Row row = pool("target_session_attrs=any").query("SELECT pg_is_in_recovery(),"
                + " current_setting('transaction_read_only')").execute().await().iterator().next();

        assertThat(row.getBoolean(0)).isFalse();
        assertThat(row.getString(1)).isEqualTo("off");
    }

    private static List<String> texts(Row row) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            texts.add(row.getString(i));
        }
        return texts;
    }

    private Pool pool(String query) {
        Pool pool = Connections.pool(vertx, "uri", spec(query), SESSION);
        pools.add(pool);
        return pool;
    }

    private static ConnectionSpec spec(String query) {
        return PostgresUri.parse(database.uri() + (query.isEmpty() ? "" : "?" + query), Map.of());
    }

    private static List<Socket> fillAcceptQueue(InetSocketAddress address) throws IOException {
        List<Socket> queued = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(address, 300);
                queued.add(socket);
            } catch (SocketTimeoutException full) {
                socket.close();
                return queued;
            }
        }
        throw new IllegalStateException("the accept queue of " + address + " never filled");
    }
}
