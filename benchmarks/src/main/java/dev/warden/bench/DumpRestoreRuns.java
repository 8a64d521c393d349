package dev.warden.bench;

import dev.warden.testing.EmbeddedServer;
import dev.warden.testing.Sql;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The classic restore of a database, for comparison: one {@code pg_dump -Fc} (untimed), then
 * {@code pg_restore -j2} into a new database from {@code template0}, timed with the CREATE DATABASE,
 * each restore's row counts checked against the source's and the database dropped (untimed). The
 * dump is read once and {@code sync} run before each restore, as for the copies it is compared with.
 */
final class DumpRestoreRuns {
    static final int JOBS = 2;
    private static final String RESTORED = "shop_restored";

    private DumpRestoreRuns() {
    }

    /** {@code runs} restores of {@code database}'s dump; the dump is deleted afterwards. */
    static Timings measure(EmbeddedServer server, String database, Path scratch, int runs) throws Exception {
        Sql maintenance = new Sql(server.address("postgres"));
        Path dump = scratch.resolve(database + ".dump");
        long dumping = System.nanoTime();
        PgDump.run(server.address(database), dump, scratch.resolve("pg_dump.log"));
        System.out.printf("pg_dump -Fc of %s (untimed in the comparison): %.0f ms, %d MiB%n", database,
                (System.nanoTime() - dumping) / 1e6, Files.size(dump) >> 20);
        var sourceCounts = ShopDatabase.rowCounts(new Sql(server.address(database)));
        Timings restores = new Timings();
        try {
            for (int run = 0; run < runs; run++) {
                BenchFiles.readAll(dump);
                BenchFiles.sync();
                long start = System.nanoTime();
                maintenance.execute("CREATE DATABASE " + RESTORED + " TEMPLATE template0");
                PgRestore.run(server.address(RESTORED), dump, scratch.resolve("pg_restore.log"), JOBS);
                restores.add(System.nanoTime() - start);
                var counts = ShopDatabase.rowCounts(new Sql(server.address(RESTORED)));
                if (!counts.equals(sourceCounts)) {
                    throw new IllegalStateException("restored rows " + counts + " differ from the source's " + sourceCounts);
                }
                maintenance.execute("DROP DATABASE " + RESTORED);
                System.out.printf("%s run %d: pg_restore -j%d %.0f ms%n", database, run + 1, JOBS, restores.last());
            }
        } finally {
            Files.deleteIfExists(dump);
        }
        return restores;
    }
}
