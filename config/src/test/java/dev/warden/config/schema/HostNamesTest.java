package dev.warden.config.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostNamesTest {
    @Test
    void shouldAcceptHostNamesAndIpLiteralsAsWritten() {
        for (String host : new String[] {"localhost", "db.internal", "db-1.eu.example.com.", "10.0.0.5", "0.0.0.0",
                "::", "::1", "fe80::1", "::ffff:10.0.0.5", "1password.com", "x"}) {
            assertThat(HostNames.check(host)).as(host).isEqualTo(host);
        }
        assertThat(HostNames.check("[::1]")).isEqualTo("::1");
    }

    /** Issue 12: server.host 2147483648 passed validation, then made warden run ask DNS and crash. */
    @Test
    void shouldRefuseWhatNoResolverCouldTakeWithoutAskingDns() {
        for (String host : new String[] {"2147483648", "999.1.1.1", "10.0.0", "1.2.3.4.5", "exa mple", "-db", "db-",
                "a..b", "", " ", "[::1", "::g", "db_1.internal", "x".repeat(64), "a." + "b".repeat(63) + ".c".repeat(100)}) {
            assertThatThrownBy(() -> HostNames.check(host)).as(host)
                    .hasMessageStartingWith("expected a host name (such as db.internal) or an IP address");
        }
    }

    @Test
    void shouldRefusePortsOutsideOneTo65535() {
        HostNames.checkPort(-1, "the URL");
        HostNames.checkPort(65535, "the URL");
        assertThatThrownBy(() -> HostNames.checkPort(0, "the URL")).hasMessage("expected a port from 1 to 65535 in the URL");
        assertThatThrownBy(() -> HostNames.checkPort(99999, "the URL")).hasMessage("expected a port from 1 to 65535 in the URL");
    }
}
