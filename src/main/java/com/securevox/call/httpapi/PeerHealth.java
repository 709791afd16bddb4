package com.securevox.call.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Another node's own {@code /health} answer, as the admin dashboard's health rows read it: its state, version, uptime
 * and counts, each checked (other fields are skipped). What another node says is outside input: anything else is a
 * {@link PeerException} naming the field.
 *
 * @param status {@code healthy} or {@code draining}
 */
record PeerHealth(String status, String version, long uptimeSeconds, int connections, int activeCalls) {
    /** Versions are short ("1.4.0-SNAPSHOT"); a longer one is not a version. */
    static final int MAX_VERSION = 64;

    static PeerHealth decode(ObjectMapper json, byte[] body) throws PeerException {
        JsonNode root = PeerStats.object(json, body, "health");
        JsonNode status = root.get("status");
        String state = status != null && status.isTextual() ? status.asText() : "";
        if (!state.equals("healthy") && !state.equals("draining")) {
            throw new PeerException("status: " + PeerStats.kind(status) + " (expected: \"healthy\" or \"draining\")");
        }
        JsonNode version = root.get("version");
        if (version == null
                || !version.isTextual()
                || version.asText().isEmpty()
                || version.asText().length() > MAX_VERSION) {
            throw new PeerException(
                    "version: " + PeerStats.kind(version) + " (expected: 1 to " + MAX_VERSION + " characters)");
        }
        JsonNode uptime = root.get("uptimeSeconds");
        if (uptime == null || !uptime.isIntegralNumber() || !uptime.canConvertToLong() || uptime.asLong() < 0) {
            throw new PeerException("uptimeSeconds: " + PeerStats.kind(uptime) + " (expected: whole seconds from 0)");
        }
        return new PeerHealth(
                state,
                version.asText(),
                uptime.asLong(),
                PeerStats.count("connections", root.get("connections")),
                PeerStats.count("activeCalls", root.get("activeCalls")));
    }
}
