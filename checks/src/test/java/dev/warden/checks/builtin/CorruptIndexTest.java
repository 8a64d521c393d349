package dev.warden.checks.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.checks.CheckResult;
import dev.warden.checks.CheckStatus;
import dev.warden.config.IssueType;
import dev.warden.config.Severity;
import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.PostgresServer;
import dev.warden.testing.Sql;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real corruption: bytes of a btree leaf page overwritten on disk while the server is stopped, the way
 * PostgreSQL's own amcheck tests corrupt relations. A key in block 1 (the first leaf page of a freshly
 * built index; block 0 is the metapage) is rewritten so that it sorts after its right neighbour.
 */
class CorruptIndexTest {
    private static final int BLOCK_SIZE = 8192;

    private static EmbeddedServer server;
    private static Sql sql;

    @BeforeAll
    static void startServer() {
        server = EmbeddedServer.start(PostgresServer.workDirectory().resolve("corrupt-index-" + ProcessHandle.current().pid()),
                EmbeddedServer.CLASSPATH_MAJOR);
        sql = new Sql(server.address("postgres"));
        sql.execute("""
                CREATE EXTENSION amcheck;
                CREATE TABLE notes (id int PRIMARY KEY, code text NOT NULL);
                INSERT INTO notes SELECT g, 'key-' || lpad(g::text, 6, '0') FROM generate_series(1, 5000) g;
                CREATE INDEX notes_code_idx ON notes (code);
                CHECKPOINT;
                """);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void shouldBreachNamingTheIndexWhoseLeafPageWasOverwritten() throws Exception {
        CheckResult healthy = runCheck();
        Path file = server.directory().resolve("data")
                .resolve(sql.queryColumn("SELECT pg_relation_filepath('notes_code_idx')").get(0));

        server.stop();
        overwriteInBlock(file, 1, "key-000100", "key-999100");
        server.start();
        CheckResult corrupt = runCheck();

        assertThat(healthy.status()).as(healthy.summary()).isEqualTo(CheckStatus.OK);
        assertThat(corrupt.status()).isEqualTo(CheckStatus.BREACH);
        assertThat(corrupt.measurements()).containsEntry(CorruptionCheck.CORRUPTION_ERRORS, 1.0);
        assertThat(corrupt.issue()).isEqualTo(IssueType.DATA_CORRUPTION);
        assertThat(corrupt.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(corrupt.summary()).startsWith("index public.notes_code_idx is corrupt: ")
                .contains("index corrupted (XX002)").contains("invariant violated for index \"notes_code_idx\"");
        assertThat(CorruptionCheckTest.checked(corrupt)).filteredOn(c -> c.get("outcome").equals("VERIFIED"))
                .extracting(c -> c.get("relation")).containsExactlyInAnyOrder("public.notes", "public.notes_pkey");
    }

    private static CheckResult runCheck() {
        try (CheckHarness harness = new CheckHarness(server.address("postgres"))) {
            return harness.run(new CorruptionCheck(TargetConfigs.DEFAULT_CHECKS.corruption()));
        }
    }

    private static void overwriteInBlock(Path file, int block, String find, String replacement) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        byte[] needle = find.getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, needle, block * BLOCK_SIZE, (block + 1) * BLOCK_SIZE);
        assertThat(at).as("%s in block %d of %s", find, block, file).isNotNegative();
        byte[] patch = replacement.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(patch, 0, bytes, at, patch.length);
        Files.write(file, bytes);
    }

    private static int indexOf(byte[] bytes, byte[] needle, int from, int to) {
        for (int i = from; i <= to - needle.length; i++) {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
