package com.securevox.call.trust;

import com.securevox.call.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** A JDK TLS server on 127.0.0.1 that completes handshakes with the certificate of a PKCS#12 keystore, then hangs up. */
final class HandshakeServer implements AutoCloseable {
    private final SSLServerSocket socket;
    private final Thread acceptor;

    HandshakeServer(Path pkcs12, String password) throws IOException, GeneralSecurityException {
        SSLContext context = TestPki.serverContext(pkcs12, password);
        socket = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (SSLSocket client = (SSLSocket) socket.accept()) {
                client.setSoTimeout(5000);
                client.startHandshake();
            } catch (IOException e) {
                // a refused handshake is what some tests are after; the next client gets its own
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
