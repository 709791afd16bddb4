package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code SECUREVOX_CALL_SFU=managed} on the packaged server: it runs Debian's Janus as its child with a configuration
 * of its own (loopback API behind a secret, the VideoRoom and WebSockets only, no demo rooms), brings it back when it
 * dies, stops it when draining, and refuses to start without it.
 */
class ManagedJanusIT {
    private static final Pattern WS_PORT = Pattern.compile("\\sws_port = (\\d+)");
    private static final Pattern ADMIN_PORT = Pattern.compile("admin_ws_port = (\\d+)");
    private static final Pattern ADMIN_SECRET = Pattern.compile("admin_secret = \"([^\"]+)\"");

    /** Servers this test started, drained after it, and the data directories it made, removed after them. */
    private final List<ServerProcess> servers = new ArrayList<>();

    private final List<Path> dataDirs = new ArrayList<>();
    /** A Janus this test orphaned on purpose, ended after it if the server meant to end it did not. */
    private final List<ProcessHandle> orphans = new ArrayList<>();

    private Path newDataDir() {
        Path dir = ServerProcess.newDataDir();
        dataDirs.add(dir);
        return dir;
    }

    private ServerProcess startManaged(Path dataDir) {
        return started(ServerProcess.start(Map.of(
                "SECUREVOX_CALL_SFU", "managed",
                "SECUREVOX_CALL_DATA_DIR", dataDir.toString(),
                // A range of its own, so that a Janus of another test on this machine does not compete for ports.
                "SECUREVOX_CALL_SFU_RTP_PORTS", "41000-41999")));
    }

    private ServerProcess started(ServerProcess server) {
        servers.add(server);
        return server;
    }

    /**
     * Ends every server with a drain, so that it stops its children: {@link ServerProcess#close()} SIGKILLs a running
     * server, which then cannot stop Janus or coturn, and they would outlive the test.
     */
    @AfterEach
    void drainServers() {
        for (ServerProcess server : servers) {
            if (server.isAlive()) {
                server.signal("TERM");
                server.awaitExit(Duration.ofSeconds(60));
            }
            server.close();
        }
        orphans.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        dataDirs.forEach(ServerProcess::delete);
    }

    /** The Janus processes under this server, and only those: other programs on the machine may run their own. */
    private static List<ProcessHandle> janusChildren(ServerProcess server) {
        return ProcessHandle.of(server.pid())
                .orElseThrow()
                .descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/janus")).orElse(false))
                .filter(ProcessHandle::isAlive)
                .toList();
    }

    @Test
    void runsAHardenedJanusRestartsItWhenKilledAndStopsItOnDrain() throws Exception {
        Path dataDir = newDataDir();
        ServerProcess server = startManaged(dataDir);
        ServerProcess.await(SfuServers.UP, "sfu up", () -> "up"
                .equals(SfuServers.health(server).getString("status")));
        JSONObject health = SfuServers.health(server);
        assertThat(health.getString("mode")).isEqualTo("managed");
        assertThat(health.getInt("rooms")).isZero();
        assertThat(health.getLong("restarts")).isZero();
        List<ProcessHandle> first = janusChildren(server);
        assertThat(first).hasSize(1);
        assertThat(server.output())
                .contains("SFU: managed, Janus 1.1.2 pid " + first.getFirst().pid());

        // The files it runs with: ours only (and the pid file Janus writes), private, no demo rooms or
        // well-known secrets, loopback API and Admin API.
        Path dir = dataDir.resolve("janus");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "janus.jcfg",
                            "janus.plugin.videoroom.jcfg",
                            "janus.transport.websockets.jcfg",
                            "janus.pid");
        }
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jcfg")).toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .as(file.toString())
                        .isEqualTo("rw-------");
                all.append(Files.readString(file));
            }
        }
        assertThat(all.toString())
                .doesNotContain("room-1234", "room-5678", "adminpwd", "janusoverlord", "0.0.0.0")
                .contains("ws_ip = \"127.0.0.1\"");
        Matcher port = WS_PORT.matcher(all);
        assertThat(port.find()).isTrue();
        int apiPort = Integer.parseInt(port.group(1));

        try (JanusSocket janus = JanusSocket.open(apiPort)) {
            JSONObject refused =
                    janus.ask(new JSONObject().put("janus", "create").put("apisecret", "wrong"));
            assertThat(refused.getString("janus")).isEqualTo("error");
            assertThat(refused.getJSONObject("error").getInt("code")).isEqualTo(403);
            JSONObject info = janus.ask(new JSONObject().put("janus", "info"));
            assertThat(info.getJSONObject("plugins").keySet()).containsExactly("janus.plugin.videoroom");
            assertThat(info.getJSONObject("transports").keySet()).containsExactly("janus.transport.websockets");
            assertThat(info.getBoolean("api_secret")).isTrue();
            assertThat(info.getBoolean("event_handlers")).isFalse();
        }
        hostAddress().ifPresent(address -> assertThat(refusesConnections(address, apiPort))
                .as("the API on %s:%d", address, apiPort)
                .isTrue());

        // Its Admin API, on loopback too, answers only with this start's admin secret.
        Matcher adminPortFound = ADMIN_PORT.matcher(all);
        Matcher adminSecretFound = ADMIN_SECRET.matcher(all);
        assertThat(adminPortFound.find()).isTrue();
        assertThat(adminSecretFound.find()).isTrue();
        int adminPort = Integer.parseInt(adminPortFound.group(1));
        assertThat(adminPort).isNotEqualTo(apiPort);
        try (JanusSocket admin = JanusSocket.open(adminPort, "janus-admin-protocol")) {
            JSONObject refused =
                    admin.ask(new JSONObject().put("janus", "list_sessions").put("admin_secret", "wrong"));
            assertThat(refused.getJSONObject("error").getInt("code")).isEqualTo(403);
            JSONObject sessions = admin.ask(
                    new JSONObject().put("janus", "list_sessions").put("admin_secret", adminSecretFound.group(1)));
            assertThat(sessions.getString("janus")).isEqualTo("success");
            assertThat(sessions.getJSONArray("sessions")).isNotNull();
        }
        hostAddress().ifPresent(address -> assertThat(refusesConnections(address, adminPort))
                .as("the Admin API on %s:%d", address, adminPort)
                .isTrue());

        first.getFirst().destroyForcibly();
        ServerProcess.await(SfuServers.UP, "a new janus, up", () -> {
            List<ProcessHandle> now = janusChildren(server);
            JSONObject sfu = SfuServers.health(server);
            return now.size() == 1
                    && now.getFirst().pid() != first.getFirst().pid()
                    && sfu.getLong("restarts") == 1
                    && sfu.getString("status").equals("up");
        });
        assertThat(server.output()).contains("restarting in");
        ProcessHandle restarted = janusChildren(server).getFirst();
        try (JanusSocket janus = JanusSocket.open(apiPort)) {
            assertThat(janus.ask(new JSONObject().put("janus", "info")).getString("janus"))
                    .as("the restarted Janus answers on the same port")
                    .isEqualTo("server_info");
        }

        server.signal("TERM");
        assertThat(server.awaitExit(Duration.ofSeconds(60))).isZero();
        ServerProcess.await(Duration.ofSeconds(5), "janus gone", () -> !restarted.isAlive());
        assertThat(server.output()).contains("/usr/bin/janus stopped pid=" + restarted.pid());
    }

    @Test
    void aSecondSignalEndsJanusWithTheServer() {
        ServerProcess server = startManaged(newDataDir());
        ServerProcess.await(SfuServers.UP, "sfu up", () -> "up"
                .equals(SfuServers.health(server).getString("status")));
        ProcessHandle janus = janusChildren(server).getFirst();
        orphans.add(janus);
        server.signal("TERM");
        server.signal("TERM"); // the second exits at once, without the orderly stop that ends Janus
        server.awaitExit(Duration.ofSeconds(10));
        ServerProcess.await(Duration.ofSeconds(5), "Janus gone with the server", () -> !janus.isAlive());
    }

    @Test
    void aTermWhileTheServerStartsDrainsItOnceStartedAndEndsJanus() {
        Path dataDir = newDataDir();
        ServerProcess server = started(ServerProcess.launch(Map.of(
                "SECUREVOX_CALL_ENV", "production",
                "SECUREVOX_CALL_PORT", "0",
                "SECUREVOX_CALL_HOST", "127.0.0.1",
                "SECUREVOX_CALL_JWT_SECRET", ServerProcess.JWT_SECRET,
                "SECUREVOX_CALL_API_KEY", ServerProcess.API_KEY,
                "SECUREVOX_CALL_SFU", "managed",
                "SECUREVOX_CALL_DATA_DIR", dataDir.toString(),
                "SECUREVOX_CALL_SFU_RTP_PORTS", "41000-41999")));
        // Janus runs, and the start waits for its API: the banner, which used to install the signal handlers, is not
        // out yet, so the JVM's own TERM handling ended the process (143) and left Janus running without it.
        ServerProcess.await(ServerProcess.START, "Janus started by the server", () -> !janusChildren(server)
                .isEmpty());
        ProcessHandle janus = janusChildren(server).getFirst();
        orphans.add(janus);

        server.signal("TERM");

        assertThat(server.awaitExit(Duration.ofSeconds(60))).as(server.output()).isZero();
        assertThat(server.output()).contains("listening on").contains("draining");
        ServerProcess.await(Duration.ofSeconds(5), "Janus stopped with the server", () -> !janus.isAlive());
    }

    @Test
    void aJanusLeftRunningByAKilledServerIsEndedByTheNextStart() {
        Path dataDir = newDataDir();
        ServerProcess killed = startManaged(dataDir);
        ServerProcess.await(SfuServers.UP, "sfu up", () -> "up"
                .equals(SfuServers.health(killed).getString("status")));
        ProcessHandle leftover = janusChildren(killed).getFirst();
        orphans.add(leftover);
        killed.signal("KILL");
        killed.awaitExit(Duration.ofSeconds(10));
        assertThat(leftover.isAlive())
                .as("a SIGKILLed server cannot stop its child")
                .isTrue();

        ServerProcess next = startManaged(dataDir);
        ServerProcess.await(SfuServers.UP, "sfu up again", () -> "up"
                .equals(SfuServers.health(next).getString("status")));
        ServerProcess.await(Duration.ofSeconds(10), "the leftover gone", () -> !leftover.isAlive());
        assertThat(next.output()).contains("ending Janus pid=" + leftover.pid() + " left running");
    }

    @Test
    void aManagedCoturnLetsRelayedClientsReachJanussMediaAddressAndKeepsTheRestOfTheDenyList() throws Exception {
        Path dataDir = newDataDir();
        int turnPort = Coturn.freePort();
        // A private address as Janus's public one: denied by the relay policy unless allowed for the SFU.
        ServerProcess server = started(ServerProcess.start(Map.of(
                "SECUREVOX_CALL_SFU", "managed",
                "SECUREVOX_CALL_DATA_DIR", dataDir.toString(),
                "SECUREVOX_CALL_SFU_RTP_PORTS", "42000-42999",
                "SECUREVOX_CALL_SFU_PUBLIC_IP", "10.0.0.7",
                "SECUREVOX_CALL_TURN", "managed",
                "SECUREVOX_CALL_TURN_PORT", Integer.toString(turnPort),
                "SECUREVOX_CALL_TURN_RELAY_PORTS", "43000-43099")));
        ServerProcess.await(
                SfuServers.UP,
                "sfu and turn up",
                () -> "up".equals(SfuServers.health(server).getString("status"))
                        && Http.get(server.url() + "/health")
                                .json()
                                .getJSONObject("turn")
                                .optBoolean("running"));
        assertThat(Files.readString(dataDir.resolve("janus/janus.jcfg"))).contains("nat_1_1_mapping = \"10.0.0.7\"");
        JSONObject turn = ManagedTurnIT.turnEntry(
                Http.mint(server, new JSONObject().put("userId", "alice").put("sessionId", "c")));

        try (TurnClient client = new TurnClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), turnPort))) {
            TurnClient.Response allocation = client.allocate(turn.getString("username"), turn.getString("credential"));
            assertThat(allocation.success())
                    .as("allocate: %s\n%s", allocation, server.output())
                    .isTrue();
            assertThat(client.createPermission(InetAddress.ofLiteral("10.0.0.7"))
                            .success())
                    .as("a permission towards Janus's media address")
                    .isTrue();
            assertThat(client.createPermission(InetAddress.ofLiteral("10.0.0.1"))
                            .errorCode())
                    .as("the rest of 10/8 stays denied")
                    .isEqualTo(403);
            client.release();
        }
    }

    @Test
    void withoutJanusAManagedSfuStopsTheStartWithOneLineNamingIt() {
        assertThat(startLineOfAServerRunning("/nonexistent"))
                .isEqualTo("securevox-call: cannot start: cannot run /nonexistent: no such file"
                        + " (expected: Janus installed, e.g. apt-get install janus, or SECUREVOX_CALL_JANUS_BIN"
                        + " naming it)");
    }

    @Test
    void aJanusThatDiesAtStartStopsTheStartWithOneLineCarryingWhatItSaid() throws IOException {
        Path script = Files.createTempFile("broken-janus-", ".sh");
        try {
            // Whatever it is asked (its version, or to run), it complains as Janus does and exits.
            Files.writeString(
                    script, "#!/bin/sh\necho '[ERR] [config.c:janus_config_parse:191] broken janus.jcfg'\nexit 1\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            assertThat(startLineOfAServerRunning(script.toString()))
                    .startsWith("securevox-call: cannot start: cannot run " + script
                            + ": it exited before its API answered; it said: ")
                    .contains("[ERR] [config.c:janus_config_parse:191] broken janus.jcfg")
                    .endsWith(" (expected: Janus installed, e.g. apt-get install janus, or SECUREVOX_CALL_JANUS_BIN"
                            + " naming it)");
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Starts a server whose managed SFU runs {@code janusBin}, expects it to exit 70, and returns its one line. */
    private static String startLineOfAServerRunning(String janusBin) {
        Path dataDir = ServerProcess.newDataDir();
        Map<String, String> env = new HashMap<>(Map.of(
                "SECUREVOX_CALL_ENV",
                "production",
                "SECUREVOX_CALL_PORT",
                "0",
                "SECUREVOX_CALL_HOST",
                "127.0.0.1",
                "SECUREVOX_CALL_JWT_SECRET",
                ServerProcess.JWT_SECRET,
                "SECUREVOX_CALL_API_KEY",
                ServerProcess.API_KEY,
                "SECUREVOX_CALL_DATA_DIR",
                dataDir.toString(),
                "SECUREVOX_CALL_SFU",
                "managed",
                "SECUREVOX_CALL_JANUS_BIN",
                janusBin));
        try (ServerProcess server = ServerProcess.launch(env)) {
            assertThat(server.awaitExit(StartupIT.AT_ONCE)).as(server.output()).isEqualTo(StartupIT.EX_SOFTWARE);
            List<String> lines = StartupIT.serverLines(server.errorOutput());
            assertThat(lines).as(server.errorOutput()).hasSize(1);
            return lines.getFirst();
        } finally {
            ServerProcess.delete(dataDir);
        }
    }

    /** An address of this machine other than loopback, where a Janus API must not be reachable. */
    private static Optional<InetAddress> hostAddress() throws IOException {
        return NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
    }

    private static boolean refusesConnections(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return true; // no route, or a firewall: not reachable either
        }
    }

    /** A bare client of Janus's WebSocket API: one request at a time, each answered by one message. */
    private static final class JanusSocket implements AutoCloseable {
        private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final WebSocket socket;
        private int transactions;

        private JanusSocket(int port, String subprotocol) throws Exception {
            socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .subprotocols(subprotocol)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                messages.add(text.toString());
                                text.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
        }

        static JanusSocket open(int port) throws Exception {
            return new JanusSocket(port, "janus-protocol");
        }

        static JanusSocket open(int port, String subprotocol) throws Exception {
            return new JanusSocket(port, subprotocol);
        }

        JSONObject ask(JSONObject request) throws Exception {
            String transaction = "t" + ++transactions;
            socket.sendText(request.put("transaction", transaction).toString(), true)
                    .get(10, TimeUnit.SECONDS);
            String answer = messages.poll(10, TimeUnit.SECONDS);
            assertThat(answer).as("an answer to " + request).isNotNull();
            JSONObject json = new JSONObject(answer);
            assertThat(json.getString("transaction")).isEqualTo(transaction);
            return json;
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
