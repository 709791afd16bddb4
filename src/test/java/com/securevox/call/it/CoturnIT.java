package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.auth.TurnCredential;
import com.securevox.call.auth.TurnCredentials;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our TURN credentials and the relay policy we ship, against a real coturn started by the test with the shipped
 * configuration (only its addresses, ports, certificate and secret replaced). Every packet stays on loopback: the
 * private and link-local peers are refused by coturn at CreatePermission, before anything could be relayed.
 */
class CoturnIT {
    private static final String SECRET = "coturn-it-secret-0123456789";
    private static final Instant FAR = Instant.now().plus(Duration.ofDays(1));
    private static final TurnCredentials CREDENTIALS =
            new TurnCredentials(SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofHours(1), Clock.systemUTC());

    private static Coturn shipped;

    @BeforeAll
    static void startCoturn() {
        shipped = Coturn.start(SECRET, Coturn.shippedPolicy());
    }

    @AfterAll
    static void stopCoturn() {
        if (shipped != null) {
            shipped.close();
        }
    }

    @Test
    void theShippedPolicyIsInEffect() {
        assertThat(Coturn.shippedPolicy())
                .contains("use-auth-secret", "no-multicast-peers", "no-tcp-relay", "no-cli")
                .contains("denied-peer-ip=127.0.0.0-127.255.255.255", "denied-peer-ip=10.0.0.0-10.255.255.255");
        assertThat(shipped.output()).contains("Black listing: 169.254.0.0-169.254.255.255");
    }

    @Test
    void anAllocationWithOurCredentialsSucceeds() {
        TurnCredential credential = CREDENTIALS.mint("alice", FAR);
        try (TurnClient client = new TurnClient(shipped.address())) {
            TurnClient.Response response = client.allocate(credential.username(), credential.password());

            assertThat(response.success()).as("allocate: %s", response).isTrue();
            assertThat(TurnClient.relayedAddress(response).getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
            assertThat(client.release().success()).isTrue();
        }
    }

    @Test
    void aForgedCredentialIsRefused() {
        TurnCredential credential = CREDENTIALS.mint("alice", FAR);
        TurnCredential forged = new TurnCredentials(
                        "not-the-secret".getBytes(StandardCharsets.UTF_8), Duration.ofHours(1), Clock.systemUTC())
                .mint("alice", FAR);
        try (TurnClient client = new TurnClient(shipped.address())) {
            assertThat(client.allocate(credential.username(), forged.password()).errorCode())
                    .isEqualTo(401);
        }
        // Someone else's username with our valid password for "alice" does not pass either.
        try (TurnClient client = new TurnClient(shipped.address())) {
            String otherUser = credential.username().replace(":alice", ":mallory");
            assertThat(client.allocate(otherUser, credential.password()).errorCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void anExpiredCredentialIsRefused() {
        Clock twoHoursAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
        TurnCredential expired = new TurnCredentials(
                        SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofHours(1), twoHoursAgo)
                .mint("alice", FAR);
        assertThat(expired.expiresAt()).isBefore(Instant.now());
        try (TurnClient client = new TurnClient(shipped.address())) {
            assertThat(client.allocate(expired.username(), expired.password()).errorCode())
                    .isEqualTo(401);
        }
    }

    /** CVE-2020-26262 (loopback, 0.0.0.0), the cloud metadata service, private networks: all refused. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.1.2.3",
                "0.0.0.0",
                "10.0.0.1",
                "172.16.0.1",
                "192.168.1.1",
                "100.64.0.1",
                "169.254.169.254",
                "224.0.0.1",
                "240.0.0.1",
                "255.255.255.255"
            })
    void theShippedPolicyRefusesPermissionsTowardsThisMachineAndPrivateNetworks(String peer) throws Exception {
        TurnCredential credential = CREDENTIALS.mint("alice", FAR);
        try (TurnClient client = new TurnClient(shipped.address())) {
            assertThat(client.allocate(credential.username(), credential.password())
                            .success())
                    .isTrue();

            TurnClient.Response response = client.createPermission(InetAddress.ofLiteral(peer));

            assertThat(response.errorCode())
                    .as("CreatePermission to %s: %s", peer, response)
                    .isEqualTo(403);
            client.release();
        }
    }

    @Test
    void withLoopbackAllowedForThisTestDataIsRelayedBothWays() throws Exception {
        List<String> testOnly = new ArrayList<>(Coturn.shippedPolicy());
        // coturn refuses loopback peers before it reads its lists unless told not to; the shipped deny list still
        // refuses the rest of 127.0.0.0/8, and only 127.0.0.1 is allowed back.
        testOnly.add("allow-loopback-peers");
        testOnly.add("allowed-peer-ip=127.0.0.1");
        try (Coturn loopbackAllowed = Coturn.start(SECRET, testOnly);
                TurnClient client = new TurnClient(loopbackAllowed.address());
                DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            peer.setSoTimeout(5_000);
            TurnCredential credential = CREDENTIALS.mint("alice", FAR);
            TurnClient.Response allocation = client.allocate(credential.username(), credential.password());
            assertThat(allocation.success()).isTrue();
            InetSocketAddress relayed = TurnClient.relayedAddress(allocation);
            assertThat(client.createPermission(InetAddress.getLoopbackAddress()).success())
                    .isTrue();
            assertThat(client.createPermission(InetAddress.ofLiteral("127.1.2.3"))
                            .errorCode())
                    .isEqualTo(403);

            client.send((InetSocketAddress) peer.getLocalSocketAddress(), "ping".getBytes(StandardCharsets.UTF_8));
            DatagramPacket received = new DatagramPacket(new byte[64], 64);
            peer.receive(received);
            assertThat(new String(received.getData(), 0, received.getLength(), StandardCharsets.UTF_8))
                    .isEqualTo("ping");
            assertThat(received.getSocketAddress()).isEqualTo(relayed);

            byte[] pong = "pong".getBytes(StandardCharsets.UTF_8);
            peer.send(new DatagramPacket(pong, pong.length, relayed));
            assertThat(client.receiveData(5_000))
                    .hasValueSatisfying(data -> assertThat(data).isEqualTo(pong));
        }
    }
}
