package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * Guessing API keys from one address is slowed down to 429, but a valid key is never refused because of guesses from
 * the same address (issue 11: a backend sharing a NAT or proxy with an attacker keeps working). The address is the one
 * a trusted proxy forwards, and never one a client claims.
 */
class FailedAuthIT {
    @Test
    void anAddressThatKeepsFailingAuthenticationGets429WhileTheRightKeyStillWorks() {
        try (ServerProcess server = ServerProcess.start()) {
            failTwentyTimes(server, null);

            Http.Response limited = tokenRequest(server, "guess-21", null);
            Http.Response rightKey = tokenRequest(server, ServerProcess.API_KEY, null);

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().getJSONObject("error").getString("code")).isEqualTo("RATE_LIMITED");
            assertThat(limited.json().getJSONObject("error").getString("message"))
                    .startsWith("too many failed authentications from 127.0.0.1");
            assertThat(rightKey.status())
                    .as("the right key from the same address: %s", rightKey)
                    .isEqualTo(200);
            assertThat(Http.get(server.url() + "/health").status())
                    .as("health is not guarded")
                    .isEqualTo(200);
        }
    }

    @Test
    void behindATrustedProxyTheForwardedClientIsLimited() {
        try (ServerProcess server = ServerProcess.start(Map.of("SECUREVOX_CALL_TRUSTED_PROXIES", "127.0.0.1/32"))) {
            failTwentyTimes(server, "6.6.6.6, 198.51.100.1");

            Http.Response limited = tokenRequest(server, "guess-21", "198.51.100.1");
            Http.Response otherClient = tokenRequest(server, "guess-21", "198.51.100.2");
            Http.Response rightKey = tokenRequest(server, ServerProcess.API_KEY, "198.51.100.1");

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().getJSONObject("error").getString("message"))
                    .startsWith("too many failed authentications from 198.51.100.1");
            assertThat(otherClient.status())
                    .as("another client behind the same proxy is not limited: %s", otherClient)
                    .isEqualTo(401);
            assertThat(rightKey.status())
                    .as("the right key from the limited client: %s", rightKey)
                    .isEqualTo(200);
        }
    }

    @Test
    void aClaimedAddressFromAnUntrustedPeerIsIgnored() {
        try (ServerProcess server = ServerProcess.start(Map.of("SECUREVOX_CALL_TRUSTED_PROXIES", "10.0.0.0/8"))) {
            failTwentyTimes(server, "198.51.100.1");

            Http.Response spoofed = tokenRequest(server, "guess-21", "198.51.100.2");

            assertThat(spoofed.status())
                    .as("a new X-Forwarded-For does not escape the limit")
                    .isEqualTo(429);
            assertThat(spoofed.json().getJSONObject("error").getString("message"))
                    .startsWith("too many failed authentications from 127.0.0.1");
        }
    }

    private static void failTwentyTimes(ServerProcess server, String forwardedFor) {
        for (int i = 0; i < 20; i++) {
            assertThat(tokenRequest(server, "guess-" + i, forwardedFor).status())
                    .as("guess %d", i)
                    .isEqualTo(401);
        }
    }

    /** A token request with this key, and with this X-Forwarded-For unless null. */
    private static Http.Response tokenRequest(ServerProcess server, String key, String forwardedFor) {
        String body = new JSONObject().put("userId", "u").put("sessionId", "s").toString();
        return forwardedFor == null
                ? Http.post(server.url() + "/api/call/token", body, "Authorization", "Bearer " + key)
                : Http.post(
                        server.url() + "/api/call/token",
                        body,
                        "Authorization",
                        "Bearer " + key,
                        "X-Forwarded-For",
                        forwardedFor);
    }
}
