package dev.warden.testing;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The one PostgreSQL server a test JVM shares, chosen once: the server at {@code WARDEN_TEST_PG_URL}
 * when set; else a Testcontainers container when a Docker engine answers; else an embedded server
 * of major {@code -Dwarden.test.pg.version} (default 17). Each test class gets its own database on it.
 */
public final class PostgresServer {
    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    private static PostgresServer shared;

    private final String description;
    private final PgAddress admin;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(String description, PgAddress admin) {
        this.description = description;
        this.admin = admin;
    }

    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = choose();
            log.info("Tests use {} at {}", shared.description, shared.admin);
        }
        return shared;
    }

    /** Says which kind of server runs the tests, for logs and skipped-test messages. */
    public String description() {
        return description;
    }

    /** The superuser's address of the server's {@code postgres} database. */
    public PgAddress admin() {
        return admin;
    }

    /** Creates a new, empty database whose name starts with {@code prefix}. */
    public TestDatabase createDatabase(String prefix) {
        String name = (prefix.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + databases.incrementAndGet());
        name = name.length() > 60 ? name.substring(name.length() - 60) : name;
        new Sql(admin).execute("CREATE DATABASE \"" + name + "\"");
        return new TestDatabase(this, admin.withDatabase(name));
    }

    void dropDatabase(String name) {
        new Sql(admin).execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    }

    /** The major version that {@code -Dwarden.test.pg.version} asks for (default 17). */
    public static int requestedMajor() {
        return Integer.parseInt(System.getProperty("warden.test.pg.version", "" + EmbeddedServer.CLASSPATH_MAJOR));
    }

    /** Where embedded servers of this test JVM keep their files: inside the module's build folder. */
    public static Path workDirectory() {
        return Path.of(System.getProperty("warden.test.work.dir", "target/warden-test")).toAbsolutePath();
    }

    private static PostgresServer choose() {
        String url = System.getenv("WARDEN_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return new PostgresServer("the external server of WARDEN_TEST_PG_URL", PgAddress.parse(url));
        }
        int major = requestedMajor();
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:" + major);
            container.start();
            PgAddress address = new PgAddress(container.getHost(), container.getMappedPort(5432),
                    container.getUsername(), container.getPassword(), "postgres");
            return new PostgresServer("a PostgreSQL " + major + " container", address);
        }
        log.info("No WARDEN_TEST_PG_URL and no Docker engine: starting an embedded PostgreSQL {}", major);
        EmbeddedServer server = EmbeddedServer.start(workDirectory().resolve("shared-pg" + major + "-" + ProcessHandle.current().pid()), major);
        return new PostgresServer("an embedded PostgreSQL " + major, server.address("postgres"));
    }
}
