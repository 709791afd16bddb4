package com.securevox.call.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CoturnConfigTest {
    private static final Path WORK = Path.of("/tmp/securevox-turn-x");

    private static List<String> lines(CoturnSettings settings) {
        return CoturnConfig.render(settings, WORK).lines().toList();
    }

    @Test
    void managedConfigurationCarriesOurSettingsAndTheWholeRelayPolicy() {
        List<String> lines = lines(new CoturnSettings(
                "10.0.0.5",
                3478,
                Optional.of("203.0.113.10"),
                50_000,
                50_999,
                "s3cret-value",
                "securevox",
                Optional.empty()));

        assertThat(lines)
                .contains(
                        "listening-ip=10.0.0.5",
                        "relay-ip=10.0.0.5",
                        "listening-port=3478",
                        "min-port=50000",
                        "max-port=50999",
                        "external-ip=203.0.113.10/10.0.0.5",
                        "realm=securevox",
                        "use-auth-secret",
                        "static-auth-secret=s3cret-value",
                        "log-file=stdout",
                        "pidfile=/tmp/securevox-turn-x/turnserver.pid",
                        "allowed-peer-ip=10.0.0.5")
                .containsAll(CoturnConfig.relayPolicyDirectives())
                .doesNotContain("allow-loopback-peers");
    }

    @Test
    void aLoopbackRelayAllowsOnlyItselfBack() {
        List<String> lines = lines(new CoturnSettings(
                "127.0.0.1", 3478, Optional.empty(), 49_152, 65_535, "s", "securevox", Optional.empty()));

        assertThat(lines)
                .contains("allow-loopback-peers", "allowed-peer-ip=127.0.0.1")
                .contains("denied-peer-ip=127.0.0.0-127.255.255.255")
                .noneMatch(line -> line.startsWith("external-ip"));
    }

    @Test
    void theManagedSfusMediaAddressIsAllowedAndTheRestOfTheDenyListKept() {
        List<String> lines = lines(new CoturnSettings(
                "127.0.0.1", 3478, Optional.empty(), 49_152, 65_535, "s", "securevox", Optional.of("10.0.0.5")));

        assertThat(lines)
                .contains("allowed-peer-ip=127.0.0.1", "allowed-peer-ip=10.0.0.5")
                .containsAll(CoturnConfig.relayPolicyDirectives())
                .contains("denied-peer-ip=10.0.0.0-10.255.255.255");
        // The allowance comes before the policy, and only the one address is allowed.
        assertThat(lines.indexOf("allowed-peer-ip=10.0.0.5"))
                .isLessThan(lines.indexOf("denied-peer-ip=10.0.0.0-10.255.255.255"));
        assertThat(lines.stream().filter(line -> line.startsWith("allowed-peer-ip=")))
                .hasSize(2);
        // Nothing twice when the SFU answers on the relay address itself.
        assertThat(lines(new CoturnSettings(
                                "10.0.0.5", 3478, Optional.empty(), 49_152, 65_535, "s", "r", Optional.of("10.0.0.5")))
                        .stream()
                        .filter(line -> line.startsWith("allowed-peer-ip=")))
                .containsExactly("allowed-peer-ip=10.0.0.5");
    }

    @Test
    void theRelayPolicyDeniesWhatTheIssueListsAndIsShippedInTheProductionConfiguration() throws IOException {
        List<String> policy = CoturnConfig.relayPolicyDirectives();
        assertThat(policy)
                .contains(
                        "no-multicast-peers",
                        "no-cli",
                        "no-tcp-relay",
                        "denied-peer-ip=0.0.0.0-0.255.255.255",
                        "denied-peer-ip=127.0.0.0-127.255.255.255",
                        "denied-peer-ip=::1",
                        "denied-peer-ip=10.0.0.0-10.255.255.255",
                        "denied-peer-ip=172.16.0.0-172.31.255.255",
                        "denied-peer-ip=192.168.0.0-192.168.255.255",
                        "denied-peer-ip=100.64.0.0-100.127.255.255",
                        "denied-peer-ip=169.254.0.0-169.254.255.255",
                        "denied-peer-ip=fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                        "denied-peer-ip=224.0.0.0-239.255.255.255",
                        "denied-peer-ip=240.0.0.0-255.255.255.255",
                        "denied-peer-ip=fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
                .anyMatch(line -> line.startsWith("user-quota="))
                .anyMatch(line -> line.startsWith("total-quota="));
        List<String> shipped = Files.readAllLines(Path.of("deploy/coturn/turnserver.conf")).stream()
                .map(String::strip)
                .toList();
        assertThat(shipped)
                .containsAll(policy)
                .contains("use-auth-secret", "tls-listening-port=5349", "alt-tls-listening-port=443")
                .anyMatch(line -> line.startsWith("cert=/"))
                .anyMatch(line -> line.startsWith("pkey=/"))
                .anyMatch(line -> line.startsWith("allowed-peer-ip="));
    }

    @Test
    void aValueCannotSmuggleInALine() {
        assertThatThrownBy(() -> new CoturnSettings(
                        "127.0.0.1",
                        3478,
                        Optional.empty(),
                        49_152,
                        65_535,
                        "x\nallow-loopback-peers",
                        "r",
                        Optional.empty()))
                .hasMessageContaining("expected: visible ASCII");
        assertThat(new CoturnSettings("127.0.0.1", 3478, Optional.empty(), 1, 2, "hidden-secret", "r", Optional.empty())
                        .toString())
                .doesNotContain("hidden-secret");
    }
}
