package com.securevox.call.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on a free loopback port in front of one server, which a test can make hang: one client's link to a
 * shared server cut, while everyone else still reaches it. Paused, it neither reads nor forwards, and new connections
 * wait, as when packets are dropped on the way.
 */
public final class TcpRelay implements AutoCloseable {
    private static final int BUFFER = 8192;

    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean paused;

    public TcpRelay(int targetPort) {
        this.target = targetPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread.ofVirtual().name("relay-accept").start(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                awaitUnpaused();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                Thread.ofVirtual().start(() -> pump(client, server));
                Thread.ofVirtual().start(() -> pump(server, client));
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        try (from;
                to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                awaitUnpaused();
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                // Bytes read just before a pause are held back until it ends, like the rest.
                awaitUnpaused();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: closing both ends the other pump too
        }
    }

    private void awaitUnpaused() {
        while (paused && !listener.isClosed()) {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
