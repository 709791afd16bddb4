package com.securevox.call.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What Main prints when the port cannot be had: the address and the reason, whatever shape the failure came in. */
class StartExceptionTest {

    static Stream<Arguments> listeningFailures() {
        return Stream.of(
                listening(
                        "NIO",
                        new BindException("Address already in use"),
                        "port 8002 on 127.0.0.1: Address already in use"),
                listening(
                        "Netty epoll",
                        new IOException("bind(..) failed with error(-98): Address already in use"),
                        "port 8002 on 127.0.0.1: Address already in use"),
                listening(
                        "Netty epoll, older",
                        new IOException("bind(..) failed: Cannot assign requested address"),
                        "port 8002 on 127.0.0.1: Cannot assign requested address"),
                listening(
                        "wrapped by the transport",
                        new IllegalStateException(
                                "cannot listen on 127.0.0.1:8002",
                                new UncheckedIOException(new BindException("Address already in use"))),
                        "port 8002 on 127.0.0.1: Address already in use"),
                listening(
                        "unresolved host", new UnresolvedAddressException(), "host '127.0.0.1': not a known host name"),
                listening(
                        "unknown host, wrapped",
                        new UncheckedIOException(new UnknownHostException("no-such.invalid")),
                        "host '127.0.0.1': not a known host name"),
                listening(
                        "no message anywhere",
                        new IllegalStateException(),
                        "port 8002 on 127.0.0.1: IllegalStateException"));
    }

    private static Arguments listening(String description, Throwable failure, String message) {
        return Arguments.of(description, failure, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listeningFailures")
    void namesTheAddressAndTheReason(String description, Throwable failure, String message) {
        StartException e = StartException.listening("127.0.0.1", 8002, failure);

        assertThat(e).hasMessage(message).hasCause(failure);
        assertThat(StartException.describe(e)).isEqualTo(message);
    }

    static Stream<Arguments> otherFailures() {
        return Stream.of(
                Arguments.of(
                        new IllegalStateException("history: cannot open ./data/history.db"),
                        "history: cannot open ./data/history.db"),
                Arguments.of(new RuntimeException(null, new IllegalStateException("the reason")), "the reason"),
                Arguments.of(
                        new IllegalStateException("cannot open the history: connection refused\n\tdetails"),
                        "cannot open the history: connection refused"),
                Arguments.of(new NullPointerException(), "NullPointerException"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("otherFailures")
    void describesAnyFailureInOneLineWithoutNull(Throwable failure, String line) {
        assertThat(StartException.describe(failure)).isEqualTo(line);
    }

    @Test
    void anUnreachableServiceSaysWhyWhenItIsKnown() {
        assertThat(StartException.describe(StartException.unreachable("redis h:6379")))
                .isEqualTo("redis h:6379: not reachable");
        assertThat(StartException.describe(StartException.unreachable(
                        "redis h:6380 (tls)",
                        "TLS handshake failed: host name mismatch (No name matching h found)",
                        null)))
                .isEqualTo("redis h:6380 (tls): not reachable: TLS handshake failed: host name mismatch (No name"
                        + " matching h found)");
    }
}
