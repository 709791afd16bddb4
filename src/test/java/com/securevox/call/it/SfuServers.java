package com.securevox.call.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.json.JSONObject;

/**
 * The packaged server with a managed Janus, for the ITs that need the SFU: started with its SFU up, and drained at the
 * end so that it stops its Janus ({@link ServerProcess#close} SIGKILLs a running server, which then cannot, and Janus
 * would outlive the test).
 */
final class SfuServers {
    /** How long a managed Janus gets to come up on a busy machine. */
    static final Duration UP = ServerProcess.START;

    private SfuServers() {}

    /**
     * Starts a server with {@code SECUREVOX_CALL_SFU=managed}, the given media mode and RTP port range (a range of its
     * own, so that a Janus of another test on this machine does not compete for ports), a reconnect grace of 0 s (a
     * closed socket ends its participant at once, so the drain after the tests does not wait) and {@code more}, and
     * waits until {@code /health} says the SFU is up.
     */
    static ServerProcess start(String media, String rtpPorts, Map<String, String> more) {
        Map<String, String> env = new HashMap<>();
        env.put("SECUREVOX_CALL_SFU", "managed");
        env.put("SECUREVOX_CALL_MEDIA", media);
        env.put("SECUREVOX_CALL_SFU_RTP_PORTS", rtpPorts);
        env.put("SECUREVOX_CALL_RECONNECT_GRACE", "0s");
        env.putAll(more);
        ServerProcess server = ServerProcess.start(env);
        ServerProcess.await(UP, "the SFU up (media " + media + ")", () -> "up"
                .equals(health(server).getString("status")));
        return server;
    }

    /** The {@code sfu} object of the server's {@code /health}. */
    static JSONObject health(ServerProcess server) {
        return Http.get(server.url() + "/health").json().getJSONObject("sfu");
    }

    /** Drains every running server (each stops its Janus), then closes them all. */
    static void stop(ServerProcess... servers) {
        for (ServerProcess server : servers) {
            if (server != null && server.isAlive()) {
                server.signal("TERM");
                server.awaitExit(Duration.ofSeconds(60));
            }
        }
        ServerProcess.close(servers);
    }
}
