package dev.warden.checks.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementPreviewTest {

    @Test
    void shouldMaskPasswordLiterals() {
        assertThat(StatementPreview.redact("ALTER ROLE app WITH LOGIN PASSWORD 'it''s secret' VALID UNTIL 'infinity'"))
                .isEqualTo("ALTER ROLE app WITH LOGIN PASSWORD '***' VALID UNTIL 'infinity'");
        assertThat(StatementPreview.redact("CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'a', password 'b')"))
                .isEqualTo("CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'a', password '***')");
    }

    @Test
    void shouldMaskPasswordCutShortByTruncation() {
        assertThat(StatementPreview.redact("CREATE ROLE app PASSWORD 'abcdef")).isEqualTo("CREATE ROLE app PASSWORD '***'");
    }

    @Test
    void shouldLeaveOtherStatementsAlone() {
        assertThat(StatementPreview.redact("ALTER TABLE users ADD COLUMN password_hash text"))
                .isEqualTo("ALTER TABLE users ADD COLUMN password_hash text");
        assertThat(StatementPreview.redact(null)).isNull();
    }
}
