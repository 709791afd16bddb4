package com.securevox.call.httpapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the admin dashboard of one node asks the other nodes sharing the calls: their live calls, the host controls of
 * the calls they serve, and their health. The operator's session lives on the node that signed it in, so the node asks
 * with the API key every node shares ({@code credentials}) instead.
 *
 * @param credentials the headers that authenticate this node to the others; empty when it has no key to present
 *     (they then refuse it, and the page says so)
 */
record AdminPeers(
        ClusterLiveCalls calls, CallForwarding forwarding, NodeHealthRows health, Map<String, String> credentials) {
    AdminPeers {
        Objects.requireNonNull(calls, "calls");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(forwarding, "forwarding");
        credentials = Map.copyOf(credentials);
    }

    /**
     * The other nodes asked for their calls at the dashboard's pace ({@link AdminRoutes#LOOK_INTERVAL}) and for host
     * controls, with the API key {@code key} as a backend would send it.
     */
    static AdminPeers of(
            PeerNodes peers,
            PeerClient client,
            CallForwarding forwarding,
            ObjectMapper json,
            Optional<String> key,
            Clock clock) {
        Map<String, String> credentials =
                key.map(k -> Map.of("authorization", "Bearer " + k)).orElse(Map.of());
        return new AdminPeers(
                new ClusterLiveCalls(peers, client, json, credentials, clock, AdminRoutes.LOOK_INTERVAL),
                forwarding,
                new NodeHealthRows(peers, client, json),
                credentials);
    }

    /**
     * The answer of the node serving the call, when that is another one, to the REST twin {@code rest} of a host
     * control; empty when this node answers. Blocks while it waits.
     */
    Optional<ApiResponse> hostControl(ApiRequest rest, String sessionId) {
        Map<String, String> headers = new HashMap<>(credentials);
        rest.header("content-type").ifPresent(v -> headers.put("content-type", v));
        ApiRequest keyed =
                new ApiRequest(rest.method(), rest.path(), headers, rest.body(), rest.remoteAddress(), rest.query());
        return forwarding.answer(keyed, sessionId, CallForwarding.TIMEOUT);
    }
}
