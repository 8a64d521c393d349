package dev.warden.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void shouldKeepCredentialsAndQueryOutOfUrlsInMessages() {
        assertThat(Redaction.url("https://user:pw@deploy.example.com:8443/hooks/revert?token=s3cret"))
                .isEqualTo("https://deploy.example.com:8443/hooks/revert");
        assertThat(Redaction.mask("bad token s3cret", List.of("s3cret"))).isEqualTo("bad token ****");
        assertThat(Redaction.mask("token tok-0123456789 refused", Redaction.values(Map.of("Authorization",
                new Secret("Bearer tok-0123456789"))))).isEqualTo("token **** refused");
        assertThat(Redaction.urlParts("https://u:pw@h/p?api_key=tok-0123456789&v=1"))
                .containsExactly("u:pw", "pw", "api_key=tok-0123456789&v=1", "tok-0123456789");
    }

    @Test
    void shouldMaskPasswordsAndQueryValuesInTextAsWrittenEvenWhenItIsNoValidUrl() {
        assertThat(Redaction.quote("postgres://app:s3cret@db:99999/orders")).isEqualTo("postgres://app:****@db:99999/orders");
        assertThat(Redaction.quote("postgres://app:s3c@r/et @db/orders")).isEqualTo("postgres://app:****@db/orders");
        assertThat(Redaction.quote("https://hooks.example.com/x?token=s3cret&plain#top"))
                .isEqualTo("https://hooks.example.com/x?token=****&****#top");
        assertThat(Redaction.quote("https://app@example.com/")).isEqualTo("https://app@example.com/");
        assertThat(Redaction.quote("no url here: a:b@c")).isEqualTo("no url here: a:b@c");
    }

    @Test
    void shouldTellKeysThatHoldSecretsByTheirName() {
        assertThat(List.of("token", "password", "api_key", "client_secret", "Authorization", "apiKey"))
                .allMatch(Redaction::smellsSecret);
        assertThat(List.of("url", "host", "key_column", "name", "timeout")).noneMatch(Redaction::smellsSecret);
    }
}
