package com.securevox.call.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reason a connection failed, found in the chains client libraries wrap around the JDK's exceptions. */
class ConnectionFailureTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            untrusted      | TLS handshake failed: untrusted certificate (unable to find valid certification path to requested target) | true
            host           | TLS handshake failed: host name mismatch (No subject alternative names matching IP address 127.0.0.1 found) | true
            expired        | TLS handshake failed: expired certificate (NotAfter: Sat Dec 05 10:00:00 UTC 2026)                          | true
            not-tls        | TLS handshake failed (Unsupported or unrecognized SSL message)                                              | false
            refused        | connection refused (Connection refused)                                                                     | false
            reset          | connection reset by the server (Connection reset)                                                           | false
            timeout        | timed out (Read timed out)                                                                                  | false
            unknown-host   | unknown host (redis.invalid: Name or service not known)                                                     | false
            other          | Failed to connect to any host resolved for DNS name.                                                                 | false
            """)
    void describesTheMostPreciseReasonInTheChain(String kind, String described, boolean certificate) {
        ConnectionFailure failure = ConnectionFailure.of(wrapped(chain(kind)));

        assertThat(failure.describe()).isEqualTo(described);
        assertThat(failure.reason().certificate()).isEqualTo(certificate);
    }

    /** What the JDK throws, innermost cause first as JSSE builds it. */
    private static Exception chain(String kind) {
        return switch (kind) {
            case "untrusted" ->
                handshake(new CertificateException(
                        "PKIX path building failed",
                        new CertPathBuilderException("unable to find valid certification path to requested target")));
            case "host" ->
                handshake(new CertificateException("No subject alternative names matching IP address 127.0.0.1 found"));
            case "expired" ->
                handshake(new CertificateException(
                        "PKIX path validation failed",
                        new CertPathValidatorException(
                                "validity check failed",
                                new CertificateExpiredException("NotAfter: Sat Dec 05 10:00:00 UTC 2026"))));
            case "not-tls" -> new SSLException("Unsupported or unrecognized SSL message");
            case "refused" -> new ConnectException("Connection refused");
            case "reset" -> new SocketException("Connection reset");
            case "timeout" -> new SocketTimeoutException("Read timed out");
            case "unknown-host" -> new UnknownHostException("redis.invalid: Name or service not known");
            case "other" -> new IOException("Unexpected end of stream.");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static Exception handshake(CertificateException cause) {
        SSLHandshakeException e = new SSLHandshakeException(cause.getMessage());
        e.initCause(cause);
        return e;
    }

    /** As a client library wraps it, with a message of its own. */
    private static RuntimeException wrapped(Exception cause) {
        return new IllegalStateException("Failed to connect to any host resolved for DNS name.", cause);
    }

    @Test
    void aClosedPortIsRefused() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            throw new AssertionError("port " + port + " accepted a connection");
        } catch (IOException e) {
            assertThat(ConnectionFailure.of(e).reason()).isEqualTo(ConnectionFailure.Reason.REFUSED);
        }
    }
}
