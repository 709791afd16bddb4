package com.securevox.call.httpapi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Whatever another node answers to {@code /health} either reads as a health row this node would have written, or is
 * refused with a {@link PeerException} that says why: never another exception, which would fail the health page.
 */
class PeerHealthFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "2m")
    void readsOrRefuses(byte[] body) {
        try {
            PeerHealth health = PeerHealth.decode(JSON, body);
            if (!(health.status().equals("healthy") || health.status().equals("draining"))
                    || health.version().isEmpty()
                    || health.version().length() > PeerHealth.MAX_VERSION
                    || health.uptimeSeconds() < 0
                    || health.connections() < 0
                    || health.activeCalls() < 0) {
                throw new AssertionError("accepted an invalid health: " + health);
            }
        } catch (PeerException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a refusal without a reason", e);
            }
        }
    }
}
