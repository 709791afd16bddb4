package com.securevox.call.it;

import com.securevox.call.testing.ChildProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real coturn ({@code turnserver} from Debian's package) started by a test: its own configuration in a temporary
 * directory, listening on 127.0.0.1 on a free port, never the system service.
 */
public final class Coturn implements AutoCloseable {
    public static final String REALM = "securevox-test";
    public static final Path SHIPPED = Path.of("deploy/coturn/turnserver.conf");
    /**
     * The shipped file's lines that depend on the machine (addresses, ports, certificates, secret, logging); the test
     * supplies its own. Every other line, the whole relay policy included, is used as shipped.
     */
    private static final Set<String> MACHINE_SPECIFIC = Set.of(
            "listening-port",
            "tls-listening-port",
            "alt-tls-listening-port",
            "listening-ip",
            "relay-ip",
            "external-ip",
            "min-port",
            "max-port",
            "cert",
            "pkey",
            "static-auth-secret",
            "realm",
            "server-name",
            "syslog",
            "allowed-peer-ip");

    private final Process process;
    private final Path dir;
    private final int port;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private Coturn(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(output::add);
            } catch (IOException | UncheckedIOException e) {
                // process gone
            }
        });
    }

    /** The shipped configuration's directives, without the machine-specific ones. */
    public static List<String> shippedPolicy() {
        try {
            return Files.readAllLines(SHIPPED).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .filter(line -> !MACHINE_SPECIFIC.contains(line.split("=", 2)[0]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts coturn with {@code secret} and {@code directives} (e.g. {@link #shippedPolicy()}) and waits for it. */
    public static Coturn start(String secret, List<String> directives) {
        try {
            Path dir = Files.createTempDirectory("coturn-test-");
            int port = freePort();
            int relayBase = 20_000 + ThreadLocalRandom.current().nextInt(200) * 100;
            List<String> lines = new ArrayList<>(List.of(
                    "listening-ip=127.0.0.1",
                    "relay-ip=127.0.0.1",
                    "listening-port=" + port,
                    "min-port=" + relayBase,
                    "max-port=" + (relayBase + 99),
                    "realm=" + REALM,
                    "static-auth-secret=" + secret,
                    "no-tls",
                    "log-file=stdout",
                    "pidfile=" + dir.resolve("turnserver.pid"),
                    "userdb=" + dir.resolve("turndb")));
            lines.addAll(directives);
            Path config = dir.resolve("turnserver.conf");
            Files.write(config, lines);
            Process process = new ProcessBuilder("turnserver", "-c", config.toString())
                    .redirectErrorStream(true)
                    .start();
            Coturn coturn = new Coturn(process, dir, port);
            try (TurnClient probe = new TurnClient(coturn.address())) {
                ServerProcess.await(
                        Duration.ofSeconds(15),
                        "coturn to answer; output:\n" + String.join("\n", coturn.output),
                        () -> !process.isAlive() || probe.answers());
            }
            if (!process.isAlive()) {
                throw new AssertionError("coturn exited; output:\n" + String.join("\n", coturn.output));
            }
            return coturn;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start turnserver (apt-get install coturn)", e);
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public int port() {
        return port;
    }

    public String output() {
        return String.join("\n", output);
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(5));
        ChildProcesses.deleteTree(dir);
    }

    /** A port free for both UDP and TCP on loopback right now. */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp =
                        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                    return port;
                } catch (IOException e) {
                    // taken for UDP: try another
                }
            }
        }
        throw new IOException("no free port for both UDP and TCP");
    }
}
