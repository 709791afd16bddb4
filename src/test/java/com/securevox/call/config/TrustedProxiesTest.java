package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which networks SECUREVOX_CALL_TRUSTED_PROXIES names, and what a bad entry is told. */
class TrustedProxiesTest {
    private final ConfigLoader loader = new ConfigLoader(() -> "generated-secret");

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1/32     | 127.0.0.1       | true
            127.0.0.1/32     | 127.0.0.2       | false
            127.0.0.1        | 127.0.0.1       | true
            10.0.0.0/8       | 10.255.3.4      | true
            10.0.0.0/8       | 11.0.0.1        | false
            172.16.0.0/12    | 172.31.255.255  | true
            172.16.0.0/12    | 172.32.0.0      | false
            192.168.1.128/25 | 192.168.1.200   | true
            192.168.1.128/25 | 192.168.1.127   | false
            0.0.0.0/0        | 203.0.113.7     | true
            0.0.0.0/0        | ::1             | false
            ::1/128          | ::1             | true
            ::1              | ::2             | false
            fd00::/8         | fdab:cd::1      | true
            fd00::/8         | fe80::1         | false
            2001:db8::/32    | 2001:db8:ff::9  | true
            2001:db8::/32    | 2001:db9::1     | false
            ::/0             | 127.0.0.1       | false
            """)
    void networkContains(String cidr, String address, boolean contained) {
        assertThat(Cidr.parse(cidr).contains(InetAddress.ofLiteral(address))).isEqualTo(contained);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.1/8           | '10.0.0.1/8': host bits set (expected: the network address 10.0.0.0/8)
            10.0.0.0/33          | '10.0.0.0/33': prefix length '33' (expected: 0 to 32 for an IPv4 network)
            fd00::/129           | 'fd00::/129': prefix length '129' (expected: 0 to 128 for an IPv6 network)
            10.0.0.0/            | '10.0.0.0/': prefix length '' (expected: 0 to 32 for an IPv4 network)
            10.0.0.0/-1          | '10.0.0.0/-1': prefix length '-1' (expected: 0 to 32 for an IPv4 network)
            proxy.example.com/32 | 'proxy.example.com': not an IP address (expected: an IPv4 a.b.c.d or IPv6 address, then /prefix)
            10.1/16              | '10.1': not an IP address (expected: an IPv4 a.b.c.d or IPv6 address, then /prefix)
            300.0.0.0/8          | '300.0.0.0': not an IP address (expected: an IPv4 a.b.c.d or IPv6 address, then /prefix)
            fd00:::1/64          | 'fd00:::1': not an IP address (expected: an IPv4 a.b.c.d or IPv6 address, then /prefix)
            ::ffff:10.0.0.0/104  | '::ffff:10.0.0.0': an IPv4-mapped IPv6 address (expected: 10.0.0.0 in IPv4 form; clients are matched as IPv4)
            """)
    void badNetworkNamed(String cidr, String message) {
        assertThatThrownBy(() -> Cidr.parse(cidr))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void listLoadedWithSpacesAndBothFamilies() throws ConfigException {
        ServerConfig config = loader.load(
                ConfigLoaderTest.production(ConfigKeys.TRUSTED_PROXIES, " 10.0.0.0/8 , 127.0.0.1/32,fd00::/8 "));

        assertThat(config.trustedProxies().networks())
                .extracting(Cidr::toString)
                .containsExactly("10.0.0.0/8", "127.0.0.1/32", "fd00:0:0:0:0:0:0:0/8");
        assertThat(config.trustedProxies().trusts(InetAddress.ofLiteral("10.1.2.3")))
                .isTrue();
        assertThat(config.trustedProxies().trusts(InetAddress.ofLiteral("192.168.0.1")))
                .isFalse();
        assertThat(config.describe()).contains("trusted proxies: 10.0.0.0/8, 127.0.0.1/32, fd00:0:0:0:0:0:0:0/8");
    }

    @Test
    void unsetTrustsNobody() throws ConfigException {
        ServerConfig config = loader.load(Map.of());

        assertThat(config.trustedProxies()).isEqualTo(TrustedProxies.NONE);
        assertThat(config.trustedProxies().trusts(InetAddress.ofLiteral("127.0.0.1")))
                .isFalse();
        assertThat(config.describe()).contains("trusted proxies: none (X-Forwarded-For ignored)");
    }

    @Test
    void everyBadEntryReported() {
        assertThatThrownBy(() -> loader.load(
                        ConfigLoaderTest.production(ConfigKeys.TRUSTED_PROXIES, "10.0.0.0/8,,10.0.0.1/8,nginx")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .containsExactly(
                                "SECUREVOX_CALL_TRUSTED_PROXIES: '10.0.0.0/8,,10.0.0.1/8,nginx' has an empty entry"
                                        + " (expected: comma-separated CIDRs such as 10.0.0.0/8, fd00::/8)",
                                "SECUREVOX_CALL_TRUSTED_PROXIES: '10.0.0.1/8': host bits set"
                                        + " (expected: the network address 10.0.0.0/8)",
                                "SECUREVOX_CALL_TRUSTED_PROXIES: 'nginx': not an IP address"
                                        + " (expected: an IPv4 a.b.c.d or IPv6 address, then /prefix)"));
    }
}
