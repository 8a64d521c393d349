package dev.warden.checks.rows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowCountsTest {

    @Test
    void shouldSelectTheLargestTablesByEstimate() {
        RowCounts counts = new RowCounts(List.of(table("a", 10), table("b", 500), table("c", 70),
                TableRowCount.missing("x.gone")));

        assertThat(counts.largest(2)).extracting(TableRowCount::relname).containsExactly("b", "c");
        assertThat(counts.largest(10)).extracting(TableRowCount::relname).containsExactly("b", "c", "a");
    }

    @Test
    void shouldNeverSelectMoreThanTheCap() {
        List<TableRowCount> tables = new ArrayList<>();
        for (int i = 0; i < RowCounts.TOP_N_CAP + 20; i++) {
            tables.add(table("t" + i, i));
        }
        assertThat(new RowCounts(tables).largest(1000)).hasSize(RowCounts.TOP_N_CAP)
                .first().returns("t69", TableRowCount::relname);
    }

    private static TableRowCount table(String name, long estimate) {
        return new TableRowCount("s", name, estimate, EstimateSource.RELTUPLES, estimate, estimate, 0, 0, null,
                CountStatus.ESTIMATED_ONLY, null);
    }
}
