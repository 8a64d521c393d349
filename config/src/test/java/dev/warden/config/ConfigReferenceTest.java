package dev.warden.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {
    private static final Path PAGE = Path.of("../docs/configuration.md");

    @Test
    void everyKeyShouldHaveADescriptionSentence() {
        assertThat(ConfigReference.entries()).isNotEmpty().allSatisfy(entry ->
                assertThat(entry.key().description()).as(entry.path()).isNotBlank().endsWith("."));
    }

    @Test
    void theCommittedReferencePageShouldMatchTheKeyDefinitions() throws IOException {
        String generated = ConfigReference.markdown();
        if (Boolean.getBoolean("warden.docs.update")) {
            Files.writeString(PAGE, generated);
        }
        assertThat(Files.readString(PAGE))
                .as("docs/configuration.md is stale: run mvn -pl config test -Dwarden.docs.update=true")
                .isEqualTo(generated);
        for (ConfigReference.Entry entry : ConfigReference.entries()) {
            assertThat(generated).contains("`" + entry.path() + "`");
        }
    }
}
