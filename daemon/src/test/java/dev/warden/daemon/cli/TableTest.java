package dev.warden.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Issue 15: the CLI's tables line every cell up under its header, whatever the widths. */
class TableTest {

    @Test
    void shouldPadEachColumnToItsWidestCellAndLeaveTheLastUnpadded() {
        String text = new Table("ID", "REASON", "BACKUP").row(7, "pre-migration", "clone backup x (verified)")
                .row(12345678, "manual", null).render();

        assertThat(text).isEqualTo("""
                ID        REASON         BACKUP
                7         pre-migration  clone backup x (verified)
                12345678  manual         -
                """);
    }

    @Test
    void shouldRefuseARowWithTheWrongNumberOfCells() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one"))
                .hasMessage("expected 2 cells, found 1");
    }
}
