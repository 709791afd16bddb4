package com.securevox.call.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whom X-Forwarded-For names, given who is trusted: the rules as one table. */
class ForwardedClientTest {
    /** The proxies of the table: 127.0.0.1, 10.0.0.0/8 and fd00::/8. */
    private static final Predicate<InetAddress> TRUSTED = address -> {
        byte[] b = address.getAddress();
        return address.getHostAddress().equals("127.0.0.1")
                || (b.length == 4 && b[0] == 10)
                || (b.length == 16 && b[0] == (byte) 0xfd);
    };

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For {1}, proto {2} → {3} {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # Untrusted peers: the headers are ignored, whatever they say.
            203.0.113.9 | 198.51.100.1                  | https | 203.0.113.9  | -
            203.0.113.9 | -                             | -     | 203.0.113.9  | -
            # A trusted proxy: the rightmost hop that is not a proxy is the client.
            127.0.0.1   | 198.51.100.1                  | https | 198.51.100.1 | https
            127.0.0.1   | 6.6.6.6, 198.51.100.1         | http  | 198.51.100.1 | http
            127.0.0.1   | 198.51.100.1, 10.1.1.1        | https | 198.51.100.1 | https
            10.0.0.5    | 6.6.6.6, 198.51.100.1, 10.0.0.7 | -   | 198.51.100.1 | -
            # Every hop a proxy: the leftmost is the best we know.
            127.0.0.1   | 10.9.9.9, 10.0.0.7            | -     | 10.9.9.9     | -
            # Garbage to the left of a trusted hop ends the walk at that hop.
            127.0.0.1   | unknown, 10.0.0.7             | -     | 10.0.0.7     | -
            127.0.0.1   | 'evil.example.com, 198.51.100.1' | -  | 198.51.100.1 | -
            127.0.0.1   | not-an-address                | -     | 127.0.0.1    | -
            127.0.0.1   | ''                            | -     | 127.0.0.1    | -
            # Ports and IPv6, bracketed or not.
            127.0.0.1   | 198.51.100.1:4711             | -     | 198.51.100.1 | -
            127.0.0.1   | [2001:db8::1]:4711            | -     | 2001:db8:0:0:0:0:0:1 | -
            127.0.0.1   | 2001:db8::1                   | -     | 2001:db8:0:0:0:0:0:1 | -
            fd00::1     | 2001:db8::1, fd00::2          | https | 2001:db8:0:0:0:0:0:1 | https
            127.0.0.1   | [2001:db8::1                  | -     | 127.0.0.1    | -
            127.0.0.1   | 198.51.100.1:port             | -     | 127.0.0.1    | -
            127.0.0.1   | fe80::1%eth0                  | -     | 127.0.0.1    | -
            # An unknown proto is not repeated; the nearest proxy's word counts.
            127.0.0.1   | 198.51.100.1                  | gopher | 198.51.100.1 | -
            127.0.0.1   | 198.51.100.1                  | 'http, HTTPS' | 198.51.100.1 | https
            """)
    void clientNamed(String peer, String forwardedFor, String proto, String client, String believedProto) {
        ForwardedClient.Client resolved =
                ForwardedClient.resolve(InetAddress.ofLiteral(peer), TRUSTED, listOf(forwardedFor), listOf(proto));

        assertThat(resolved).isEqualTo(new ForwardedClient.Client(client, Optional.ofNullable(believedProto)));
    }

    @Test
    void severalHeadersReadAsOneList() {
        ForwardedClient.Client resolved = ForwardedClient.resolve(
                InetAddress.ofLiteral("127.0.0.1"), TRUSTED, List.of("6.6.6.6", "198.51.100.1, 10.0.0.1"), List.of());

        assertThat(resolved.address()).isEqualTo("198.51.100.1");
    }

    @Test
    void floodCutToTheRightmostHops() {
        String[] hops = new String[10_000];
        Arrays.fill(hops, "10.0.0.1");
        hops[0] = "198.51.100.1";

        assertThat(ForwardedClient.hops(List.of(String.join(",", hops)))).hasSize(ForwardedClient.MAX_HOPS);
        // Past the cut, the leftmost kept proxy hop is the answer: the client is out of reach.
        assertThat(ForwardedClient.resolve(
                                InetAddress.ofLiteral("127.0.0.1"), TRUSTED, List.of(String.join(",", hops)), List.of())
                        .address())
                .isEqualTo("10.0.0.1");
    }

    private static List<String> listOf(String header) {
        return header == null ? List.of() : List.of(header);
    }
}
