package dev.warden.rollback.backup;

import dev.warden.rollback.external.ProcessOutcome;
import dev.warden.rollback.external.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
/** Checks a dump file: same checksum as when written, readable by pg_restore, data of every critical table in it. */
final class DumpVerifier {
    private static final String TABLE_DATA = " TABLE DATA ";

    private DumpVerifier() {
    }

    /** Blocking: runs on a worker thread. */
    static Verification verify(Backup backup, List<String> criticalTables, String pgRestore) throws IOException {
        Path file = Path.of(backup.location());
        if (!Files.isRegularFile(file)) {
            return Verification.failed("dump " + file + " does not exist", List.of());
        }
        List<String> evidence = new ArrayList<>();
        String checksum = Sha256.of(file);
        boolean ok = checksum.equals(backup.checksum());
        evidence.add("sha256 " + checksum + (ok ? " as written" : " but " + backup.checksum() + " when written"));
        Set<String> tableData = new HashSet<>();
        ProcessOutcome listed = ProcessRunner.run(List.of(pgRestore, "--list", file.toString()), Map.of(),
                Duration.ofMinutes(10), line -> addTableData(line, tableData), line -> { });
        if (!listed.succeeded()) {
            evidence.add("pg_restore --list failed: " + String.join("\n", listed.stderrTail()));
            return Verification.failed("dump " + file + " is not readable by pg_restore", evidence);
        }
        evidence.add("pg_restore --list: " + tableData.size() + " TABLE DATA entries");
        for (String table : criticalTables) {
            boolean present = tableData.contains(table.contains(".") ? table : "*." + table);
            ok &= present;
            evidence.add(table + (present ? ": TABLE DATA listed" : ": no TABLE DATA entry"));
        }
        return ok ? Verification.passed("dump " + file + " is complete", evidence)
                : Verification.failed("dump " + file + " failed verification", evidence);
    }

    /** A TOC line {@code 3339; 0 16386 TABLE DATA public orders postgres} adds {@code public.orders} and {@code *.orders}. */
    private static void addTableData(String line, Set<String> tableData) {
        int at = line.indexOf(TABLE_DATA);
        if (line.startsWith(";") || at < 0) {
            return;
        }
        String[] parts = line.substring(at + TABLE_DATA.length()).split(" ");
        if (parts.length >= 2) {
            tableData.add(parts[0] + "." + parts[1]);
            tableData.add("*." + parts[1]);
        }
    }
}
