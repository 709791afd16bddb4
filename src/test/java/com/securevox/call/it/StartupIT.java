package com.securevox.call.it;

import static com.securevox.call.it.TestClient.fresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.it.TestClient.Via;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Configuration at start: production refuses to run without secrets, development makes its own. A server that
 * cannot start exits at once with one line saying why.
 */
class StartupIT {
    static final int EX_CONFIG = 78;
    static final int EX_SOFTWARE = 70;
    /**
     * Generous for a JVM start on a loaded machine (15 s was not: a managed-SFU start that had to fail took longer at
     * a load of 22 on two cores); a server that failed to bind used to stay alive forever.
     */
    static final Duration AT_ONCE = Duration.ofSeconds(60);

    /**
     * Production with everything it needs but the address. The JVM's own warnings on standard error (such as Netty's
     * use of sun.misc.Unsafe) are not the server's and are left out by {@link #serverLines}.
     */
    static Map<String, String> productionOn(String host, int port, Path dataDir) {
        return Map.of(
                "SECUREVOX_CALL_ENV",
                "production",
                "SECUREVOX_CALL_HOST",
                host,
                "SECUREVOX_CALL_PORT",
                Integer.toString(port),
                "SECUREVOX_CALL_JWT_SECRET",
                ServerProcess.JWT_SECRET,
                "SECUREVOX_CALL_API_KEY",
                ServerProcess.API_KEY,
                "SECUREVOX_CALL_LOG_FORMAT",
                "text",
                "SECUREVOX_CALL_DATA_DIR",
                dataDir.toString());
    }

    static List<String> serverLines(String errorOutput) {
        return errorOutput.lines().filter(line -> !line.startsWith("WARNING: ")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a port another process listens on | 127.0.0.1 | true  | Address already in use
            an address of another machine     | 192.0.2.1 | false | Cannot assign requested address
            """)
    void aServerThatCannotListenExits70AtOnceWithOneLine(String description, String host, boolean taken, String reason)
            throws IOException {
        Path data = ServerProcess.newDataDir();
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = other.getLocalPort();
            if (!taken) {
                other.close();
            }
            long launched = System.nanoTime();
            try (ServerProcess server = ServerProcess.launch(productionOn(host, port, data))) {
                assertThat(server.awaitExit(AT_ONCE)).as(server.output()).isEqualTo(EX_SOFTWARE);
                assertThat(Duration.ofNanos(System.nanoTime() - launched)).isLessThan(AT_ONCE);
                assertThat(serverLines(server.errorOutput()))
                        .as(server.output())
                        .containsExactly("securevox-call: cannot start: port " + port + " on " + host + ": " + reason);
                assertThat(server.output()).doesNotContain("\tat ", "Exception in thread");
            }
        } finally {
            ServerProcess.delete(data);
        }
    }

    /** The Engine.IO open packet tells clients the heartbeat, so it shows what reached the transport. */
    @Test
    void theConfiguredHeartbeatIsWhatClientsAreTold() {
        try (ServerProcess server = ServerProcess.start(
                        Map.of("SECUREVOX_CALL_PING_INTERVAL", "1500ms", "SECUREVOX_CALL_PING_TIMEOUT", "2s"));
                Http.Connection connection = new Http.Connection(server)) {
            Http.Response open = connection.send("GET", "/socket.io/?EIO=4&transport=polling", null);

            assertThat(open.status()).as(open.toString()).isEqualTo(200);
            JSONObject handshake =
                    new JSONObject(open.body().substring(open.body().indexOf('{')));
            assertThat(handshake.getInt("pingInterval")).isEqualTo(1500);
            assertThat(handshake.getInt("pingTimeout")).isEqualTo(2000);
        }
    }

    @Test
    void aHostNameThatDoesNotResolveExits78NamingIt() {
        Path data = ServerProcess.newDataDir();
        try (ServerProcess server = ServerProcess.launch(productionOn("no-such-host.invalid", 0, data))) {
            assertThat(server.awaitExit(AT_ONCE)).as(server.output()).isEqualTo(EX_CONFIG);
            assertThat(serverLines(server.errorOutput()))
                    .as(server.output())
                    .containsExactly(
                            "securevox-call: cannot start, the configuration is invalid:",
                            "  SECUREVOX_CALL_HOST: 'no-such-host.invalid' is not a known host name (expected: an IP"
                                    + " address such as 0.0.0.0, or a name this machine resolves)");
        } finally {
            ServerProcess.delete(data);
        }
    }

    @Test
    void productionWithoutSecretsExits78NamingBoth() {
        ServerProcess server = ServerProcess.launch(Map.of(
                "SECUREVOX_CALL_ENV", "production",
                "SECUREVOX_CALL_PORT", "0",
                "SECUREVOX_CALL_HOST", "127.0.0.1"));
        try (server) {
            assertThat(server.awaitExit(ServerProcess.START))
                    .as(server.output())
                    .isEqualTo(EX_CONFIG);
            assertThat(server.errorOutput()).contains("SECUREVOX_CALL_JWT_SECRET", "SECUREVOX_CALL_API_KEY");
        }
    }

    @Test
    void productionWithAShortJwtSecretExits78NamingIt() {
        ServerProcess server = ServerProcess.launch(Map.of(
                "SECUREVOX_CALL_ENV", "production",
                "SECUREVOX_CALL_PORT", "0",
                "SECUREVOX_CALL_HOST", "127.0.0.1",
                "SECUREVOX_CALL_JWT_SECRET", "only-31-bytes-long-secret-00000",
                "SECUREVOX_CALL_API_KEY", ServerProcess.API_KEY));
        try (server) {
            assertThat(server.awaitExit(ServerProcess.START))
                    .as(server.output())
                    .isEqualTo(EX_CONFIG);
            assertThat(server.errorOutput()).contains("SECUREVOX_CALL_JWT_SECRET");
        }
    }

    @Test
    void developmentWithoutSecretsPrintsGeneratedOnesOnceAndTheyWork() {
        Map<String, String> env = Map.of(
                "SECUREVOX_CALL_ENV", "development",
                "SECUREVOX_CALL_JWT_SECRET", "",
                "SECUREVOX_CALL_API_KEY", "");
        try (ServerProcess server = ServerProcess.start(env)) {
            String apiKey = printed(server, "API key");
            String secret = printed(server, "JWT secret");

            // The API key mints tokens, which connect.
            String call = fresh("call");
            Http.Response minted = Http.post(
                    server.url() + "/api/call/token",
                    new JSONObject()
                            .put("userId", "alice")
                            .put("sessionId", call)
                            .toString(),
                    "Authorization",
                    "Bearer " + apiKey);
            assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
            assertThat(Http.post(
                                    server.url() + "/api/call/token",
                                    new JSONObject()
                                            .put("userId", "a")
                                            .put("sessionId", call)
                                            .toString(),
                                    "Authorization",
                                    "Bearer " + ServerProcess.API_KEY)
                            .status())
                    .isEqualTo(401);
            for (Via via : Via.values()) {
                try (TestClient alice =
                        TestClient.connect(server.url(), via, minted.json().getString("token"))) {
                    assertThat(alice.await("authenticated").json().getString("userId"))
                            .isEqualTo("alice");
                }
                // The secret signs tokens the server accepts (a backend signing its own).
                try (TestClient bob =
                        TestClient.connect(server.url(), via, Jwt.sign(Jwt.claims("bob", call, 600), secret))) {
                    assertThat(bob.await("authenticated").json().getString("userId"))
                            .isEqualTo("bob");
                }
            }

            // Printed once: in the one start-up banner (which may repeat the key in its example
            // command), never again, for example in the log of the requests above.
            String output = server.output();
            String banner = banner(output);
            assertThat(occurrences(output, "listening on")).as("one banner").isEqualTo(1);
            assertThat(occurrences(output.replace(banner, ""), apiKey))
                    .as("API key outside the banner")
                    .isZero();
            assertThat(occurrences(output.replace(banner, ""), secret))
                    .as("JWT secret outside the banner")
                    .isZero();
            assertThat(occurrences(banner, secret))
                    .as("JWT secret in the banner")
                    .isEqualTo(1);
        }
    }

    /** The value printed on the line naming it, such as "API key (generated …): abc". */
    static String printed(ServerProcess server, String name) {
        Matcher m =
                Pattern.compile(Pattern.quote(name) + "[^:\\n]*:\\s*(\\S{16,})").matcher(server.output());
        ServerProcess.await(
                Duration.ofSeconds(5), name + " in the output:\n" + server.output(), () -> m.reset(server.output())
                        .find());
        return m.group(1);
    }

    /** The start-up banner: from its "listening on" line to the next blank line. */
    static String banner(String output) {
        int start = output.lastIndexOf('\n', output.indexOf("listening on")) + 1;
        int end = output.indexOf("\n\n", start);
        return output.substring(start, end < 0 ? output.length() : end);
    }

    static int occurrences(String text, String value) {
        int count = 0;
        for (int i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1)) {
            count++;
        }
        return count;
    }
}
