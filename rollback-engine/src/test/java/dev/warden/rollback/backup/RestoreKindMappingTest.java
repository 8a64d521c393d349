package dev.warden.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 13 point 3: which restore each backup kind gets, by how the server copies databases. */
class RestoreKindMappingTest {
    private static final DatabaseCopy PG17 = new DatabaseCopy("17.11", 170011, null);
    private static final DatabaseCopy PG18_COPY = new DatabaseCopy("18.2", 180002, "copy");
    private static final DatabaseCopy PG18_CLONE = new DatabaseCopy("18.2", 180002, "clone");

    @Test
    void shouldCloneByReflinkOnlyWhenTheServerIsToldToClone() {
        assertThat(RestoreKind.of("clone", PG18_CLONE)).isEqualTo(RestoreKind.REFLINK_CLONE);
        assertThat(RestoreKind.of("clone", PG18_COPY)).isEqualTo(RestoreKind.BLOCK_COPY);
        assertThat(RestoreKind.of("clone", PG17)).isEqualTo(RestoreKind.BLOCK_COPY);
        assertThat(RestoreKind.of("clone", null)).as("server not reached yet").isEqualTo(RestoreKind.BLOCK_COPY);
    }

    @Test
    void shouldNameTheRestoreOfEveryOtherKind() {
        assertThat(RestoreKind.of("dump", PG18_CLONE)).isEqualTo(RestoreKind.DUMP_RESTORE);
        assertThat(RestoreKind.of("command", PG18_CLONE)).isEqualTo(RestoreKind.COMMAND_RESTORE);
        assertThat(RestoreKind.of(RestorePointBackup.KIND, PG17)).isEqualTo(RestoreKind.COMMAND_RESTORE);
        assertThat(RestoreKind.of(null, PG18_CLONE)).isEqualTo(RestoreKind.NONE);
        assertThat(RestoreKind.REFLINK_CLONE.label()).isEqualTo("reflink_clone");
    }

    @Test
    void shouldSayWhatWouldCloneInsteadOfABlockCopy() {
        assertThat(RestoreKind.BLOCK_COPY.explain(PG17)).startsWith("PostgreSQL 17.11: CREATE DATABASE copies every block")
                .endsWith("PostgreSQL 18 with file_copy_method = clone on XFS or Btrfs clones instead");
        assertThat(RestoreKind.BLOCK_COPY.explain(PG18_COPY)).startsWith("PostgreSQL 18.2, file_copy_method = copy: ")
                .endsWith("file_copy_method = clone on XFS or Btrfs would clone instead");
        assertThat(PG17.strategyClause()).isEqualTo(" STRATEGY FILE_COPY");
        assertThat(new DatabaseCopy("14.22", 140022, null).strategyClause()).as("no strategy before 15").isEmpty();
    }
}
