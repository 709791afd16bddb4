package com.securevox.call.it;

import com.securevox.call.janus.JanusAdminEndpoint;
import com.securevox.call.testing.ChildProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real Janus ({@code /usr/bin/janus} from Debian's package, 1.1.2) started by a test: a minimal hardened
 * configuration of its own in a temporary directory (API secret, random admin secret, only the VideoRoom plugin with
 * string ids and an admin key, only the WebSocket transport on 127.0.0.1 and a free port), never the system service.
 */
public final class Janus implements AutoCloseable {
    public static final String PROGRAM = "/usr/bin/janus";
    private static final Path LIBRARIES = Path.of("/usr/lib/x86_64-linux-gnu/janus");
    private static final Duration READY = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final String apiSecret;
    private final String adminKey;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;

    private final int adminPort;
    private final String adminSecret;

    private Janus(Path dir, int port, String apiSecret, String adminKey, int adminPort, String adminSecret) {
        this.dir = dir;
        this.port = port;
        this.apiSecret = apiSecret;
        this.adminKey = adminKey;
        this.adminPort = adminPort;
        this.adminSecret = adminSecret;
    }

    /** Writes a configuration for a free port with random secrets, starts Janus and waits until it listens. */
    public static Janus start() {
        try {
            Path dir = Files.createTempDirectory("janus-test-");
            int port = Coturn.freePort();
            int adminPort = Coturn.freePort();
            while (adminPort == port) {
                adminPort = Coturn.freePort();
            }
            Janus janus = new Janus(dir, port, random(), random(), adminPort, random());
            janus.writeConfiguration();
            janus.launch();
            return janus;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Janus's configuration", e);
        }
    }

    public URI url() {
        return URI.create("ws://127.0.0.1:" + port);
    }

    public String apiSecret() {
        return apiSecret;
    }

    /** Its Admin API, on loopback like the API. */
    public JanusAdminEndpoint adminEndpoint() {
        return new JanusAdminEndpoint(URI.create("ws://127.0.0.1:" + adminPort + "/"), adminSecret);
    }

    public String adminKey() {
        return adminKey;
    }

    public String output() {
        return String.join("\n", output);
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Sends a signal by name (STOP, CONT, KILL) to the running Janus. */
    public void signal(String name) {
        try {
            int status = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (status != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL, as a crash: no goodbye on any socket. Waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("janus survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts Janus again with the same configuration, on the same port (after {@link #kill()}). */
    public void restart() {
        if (alive()) {
            throw new IllegalStateException("janus is still running");
        }
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(10));
        ChildProcesses.deleteTree(dir);
    }

    private void launch() throws IOException {
        output.clear();
        process = new ProcessBuilder(PROGRAM, "-C", dir.resolve("janus.jcfg").toString(), "-F", dir.toString())
                .redirectErrorStream(true)
                .start();
        Process started = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(output::add);
            } catch (IOException | UncheckedIOException e) {
                // process gone
            }
        });
        ServerProcess.await(READY, "Janus to listen on " + port + "; output:\n" + output(), () -> {
            if (!started.isAlive()) {
                throw new AssertionError("janus exited with " + started.exitValue() + "; output:\n" + output());
            }
            return listening();
        });
    }

    /** Both the API and the Admin API (the one transport opens both). */
    private boolean listening() {
        return listening(port) && listening(adminPort);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void writeConfiguration() throws IOException {
        int rtpBase = 40_000 + ThreadLocalRandom.current().nextInt(100) * 100;
        Files.writeString(dir.resolve("janus.jcfg"), """
                general: {
                \tconfigs_folder = "%1$s"
                \tplugins_folder = "%2$s/plugins"
                \ttransports_folder = "%2$s/transports"
                \tevents_folder = "%2$s/events"
                \tloggers_folder = "%2$s/loggers"
                \tdebug_level = 4
                \tdebug_colors = false
                \tapi_secret = "%3$s"
                \tadmin_secret = "%4$s"
                \tserver_name = "securevox-test"
                \tprotected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/sbin", "/sys", "/usr", "/var"]
                }
                media: {
                \trtp_port_range = "%5$d-%6$d"
                \tslowlink_threshold = 4
                }
                nat: {
                \tice_enforce_list = "127.0.0.1"
                }
                plugins: {
                \tdisable = "%7$s"
                }
                transports: {
                \tdisable = "%8$s"
                }
                loggers: {
                \tdisable = "libjanus_jsonlog.so"
                }
                events: {
                \tbroadcast = false
                }
                """.formatted(
                        dir,
                        LIBRARIES,
                        apiSecret,
                        adminSecret,
                        rtpBase,
                        rtpBase + 99,
                        allBut("plugins", "libjanus_videoroom.so"),
                        allBut("transports", "libjanus_websockets.so")));
        Files.writeString(dir.resolve("janus.transport.websockets.jcfg"), """
                general: {
                \tjson = "plain"
                \tws = true
                \tws_ip = "127.0.0.1"
                \tws_port = %d
                \tws_acl = "127."
                \twss = false
                }
                admin: {
                \tadmin_ws = true
                \tadmin_ws_ip = "127.0.0.1"
                \tadmin_ws_port = %d
                \tadmin_ws_acl = "127."
                \tadmin_wss = false
                }
                """.formatted(port, adminPort));
        // No demo rooms: only what the adapter creates.
        Files.writeString(dir.resolve("janus.plugin.videoroom.jcfg"), """
                general: {
                \tstring_ids = true
                \tadmin_key = "%s"
                \tlock_rtp_forward = true
                }
                """.formatted(adminKey));
    }

    /** Every library in the folder but {@code keep}, for {@code disable}: Janus loads whatever it finds. */
    private static String allBut(String folder, String keep) throws IOException {
        try (var files = Files.list(LIBRARIES.resolve(folder))) {
            return String.join(
                    ",",
                    files.map(path -> path.getFileName().toString())
                            .filter(name -> name.endsWith(".so") && !name.equals(keep))
                            .sorted()
                            .toList());
        }
    }

    private static String random() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
