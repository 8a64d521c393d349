package dev.warden.rollback.swap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.rollback.backup.Backup;
import dev.warden.rollback.backup.TableCounts;
import dev.warden.rollback.backup.Verification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestoreComparisonTest {
    private static final Set<String> TABLES = Set.of("public.orders", "public.customers");

    @Test
    void shouldCountTheCriticalTablesQualifiedAndEveryTableTheBackupCounted() {
        assertThat(RestoreComparison.tablesToCount(List.of("orders", "sales.items"), clone(Map.of("public.orders", 3L,
                "public.customers", 2L)))).containsExactlyInAnyOrder("public.orders", "sales.items", "public.customers");
    }

    @Test
    void shouldPassWhenEveryCountAndTheTableListMatch() {
        Verification v = RestoreComparison.compare(clone(Map.of("public.orders", 1000L)), List.of("public.orders"),
                counts(Map.of("public.orders", 1000L), Map.of()), TABLES, Optional.of(TABLES));

        assertThat(v.ok()).isTrue();
        assertThat(v.evidence()).containsExactly("verified: public.orders 1000 = 1000 in backup",
                "verified: the 2 user tables are the backup's");
    }

    @Test
    void shouldFailWhenARestoredCountDiffersFromTheBackups() {
        Verification v = RestoreComparison.compare(clone(Map.of("public.orders", 999L)), List.of("public.orders"),
                counts(Map.of("public.orders", 1000L), Map.of()), TABLES, Optional.of(TABLES));

        assertThat(v.ok()).isFalse();
        assertThat(v.summary()).isEqualTo("the restore does not match backup b1 (mismatch: public.orders 1000 restored,"
                + " 999 in backup)");
    }

    @Test
    void shouldJudgeADumpWithoutCountsByItsTableList() {
        Backup dump = new Backup("d1", "dump", "/backups/d1.dump", 1, Instant.EPOCH, "abc", true, Map.of(), Map.of());

        Verification same = RestoreComparison.compare(dump, List.of("public.orders"),
                counts(Map.of("public.orders", 1000L), Map.of()), TABLES, Optional.of(TABLES));
        Verification lacking = RestoreComparison.compare(dump, List.of("public.orders"),
                counts(Map.of("public.orders", 1000L), Map.of()), Set.of("public.orders"), Optional.of(TABLES));

        assertThat(same.ok()).isTrue();
        assertThat(same.evidence()).contains("restored: public.orders 1000 rows; the dump backup holds no count to compare");
        assertThat(lacking.ok()).isFalse();
        assertThat(lacking.evidence()).contains("tables differ from the backup: not restored [public.customers]");
    }

    @Test
    void shouldAcceptACriticalTableThatIsInNeitherTheBackupNorTheRestore() {
        Verification v = RestoreComparison.compare(clone(Map.of()), List.of("public.orders_v2"),
                counts(Map.of(), Map.of("public.orders_v2", "missing: no table public.orders_v2")), TABLES,
                Optional.of(TABLES));

        assertThat(v.ok()).isTrue();
        assertThat(v.evidence()).contains("verified: public.orders_v2 is in neither the backup nor the restore");
    }

    @Test
    void shouldFailWhenATableCouldNotBeCountedOrListed() {
        Verification locked = RestoreComparison.compare(clone(Map.of("public.orders", 5L)), List.of("public.orders"),
                counts(Map.of(), Map.of("public.orders", "skipped_locked")), TABLES, Optional.of(TABLES));
        Verification unlisted = RestoreComparison.compare(clone(Map.of("public.orders", 5L)), List.of("public.orders"),
                counts(Map.of("public.orders", 5L), Map.of()), TABLES, Optional.empty());

        assertThat(locked.ok()).isFalse();
        assertThat(locked.evidence()).contains("not verified: public.orders could not be counted (skipped_locked)");
        assertThat(unlisted.ok()).isFalse();
        assertThat(unlisted.evidence()).contains("not verified: the tables of a clone backup cannot be listed");
    }

    private static Backup clone(Map<String, Long> rowCounts) {
        return new Backup("b1", "clone", "shop__warden_x", 1, Instant.EPOCH, null, true, rowCounts, Map.of());
    }

    private static TableCounts counts(Map<String, Long> rows, Map<String, String> skipped) {
        return new TableCounts(rows, skipped, rows.size() + skipped.size());
    }
}
