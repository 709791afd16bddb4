package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * {@code SECUREVOX_CALL_TURN=managed} on the packaged server: it runs Debian's coturn as its child, hands out
 * credentials that allocate through it, brings it back when it dies and stops it when draining.
 */
class ManagedTurnIT {
    private static final int EX_SOFTWARE = 70;

    private static ServerProcess startManaged() throws Exception {
        int port = Coturn.freePort();
        int relayBase = 30_000 + ThreadLocalRandom.current().nextInt(100) * 100;
        return ServerProcess.start(Map.of(
                "SECUREVOX_CALL_TURN",
                "managed",
                "SECUREVOX_CALL_TURN_PORT",
                Integer.toString(port),
                "SECUREVOX_CALL_TURN_RELAY_PORTS",
                relayBase + "-" + (relayBase + 99)));
    }

    private static List<ProcessHandle> turnservers(ServerProcess server) {
        return ProcessHandle.of(server.pid())
                .orElseThrow()
                .descendants()
                .filter(p ->
                        p.info().command().map(c -> c.endsWith("/turnserver")).orElse(false))
                .toList();
    }

    /** The entry with credentials among a token response's iceServers. */
    static JSONObject turnEntry(JSONObject tokenResponse) {
        JSONArray servers = tokenResponse.getJSONArray("iceServers");
        for (int i = 0; i < servers.length(); i++) {
            if (servers.getJSONObject(i).has("username")) {
                return servers.getJSONObject(i);
            }
        }
        throw new AssertionError("no TURN entry in " + servers);
    }

    /** Allocates with the TURN entry of a fresh token response; the TURN address comes from its first URL. */
    private static TurnClient.Response allocate(ServerProcess server, String userId) {
        JSONObject turn = turnEntry(
                Http.mint(server, new JSONObject().put("userId", userId).put("sessionId", "call_1")));
        String url = turn.getJSONArray("urls").getString(0); // turn:127.0.0.1:<port>?transport=udp
        int port = Integer.parseInt(url.replaceAll("^turn:127\\.0\\.0\\.1:(\\d+)\\?transport=udp$", "$1"));
        try (TurnClient client = new TurnClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            TurnClient.Response response = client.allocate(turn.getString("username"), turn.getString("credential"));
            if (response.success()) {
                assertThat(client.createPermission(InetAddress.ofLiteral("10.0.0.1"))
                                .errorCode())
                        .as("the relay policy is in the managed configuration")
                        .isEqualTo(403);
                client.release();
            }
            return response;
        }
    }

    private static JSONObject turnHealth(ServerProcess server) {
        return Http.get(server.url() + "/health").json().getJSONObject("turn");
    }

    @Test
    void runsCoturnWhoseRelaysOurCredentialsOpenRestartsItAndStopsItOnDrain() throws Exception {
        ServerProcess server = startManaged();
        try (server) {
            ServerProcess.await(Duration.ofSeconds(15), "turn running", () -> turnHealth(server)
                    .optBoolean("running"));
            List<ProcessHandle> first = turnservers(server);
            assertThat(first).hasSize(1);

            TurnClient.Response allocation = allocate(server, "alice");
            assertThat(allocation.success())
                    .as("allocate: %s\n%s", allocation, server.output())
                    .isTrue();
            assertThat(TurnClient.relayedAddress(allocation).getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
            JSONObject health = turnHealth(server);
            assertThat(health.getBoolean("configured")).isTrue();
            assertThat(health.getBoolean("managed")).isTrue();
            assertThat(health.getLong("credentialsMinted")).isEqualTo(1);
            assertThat(server.output()).contains("turnserver").contains("Relay ports initialization done");

            first.getFirst().destroyForcibly();
            ServerProcess.await(Duration.ofSeconds(20), "a new turnserver", () -> {
                List<ProcessHandle> now = turnservers(server);
                return now.size() == 1
                        && now.getFirst().pid() != first.getFirst().pid();
            });
            ServerProcess.await(
                    Duration.ofSeconds(20), "an allocation through the restarted coturn", () -> allocate(server, "bob")
                            .success());
            assertThat(server.output()).contains("restarting in");
            Optional<ProcessHandle> restarted = turnservers(server).stream().findFirst();

            server.signal("TERM");
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(restarted)
                    .hasValueSatisfying(p -> assertThat(p.isAlive()).isFalse());
            assertThat(ProcessHandle.allProcesses().filter(p -> p.parent()
                            .map(parent -> parent.pid() == server.pid())
                            .orElse(false)))
                    .isEmpty();
        }
    }

    @Test
    void withoutCoturnInstalledTheServerRefusesToStartAndSaysWhy() {
        ServerProcess server = ServerProcess.launch(Map.of(
                "PATH", "/nonexistent",
                "SECUREVOX_CALL_ENV", "production",
                "SECUREVOX_CALL_PORT", "0",
                "SECUREVOX_CALL_HOST", "127.0.0.1",
                "SECUREVOX_CALL_JWT_SECRET", ServerProcess.JWT_SECRET,
                "SECUREVOX_CALL_API_KEY", ServerProcess.API_KEY,
                "SECUREVOX_CALL_TURN", "managed"));
        try (server) {
            assertThat(server.awaitExit(ServerProcess.START))
                    .as(server.output())
                    .isEqualTo(EX_SOFTWARE);
            assertThat(server.errorOutput())
                    .contains("cannot start: cannot run turnserver: not found on PATH"
                            + " (expected: coturn installed, e.g. apt-get install coturn)");
        }
    }
}
