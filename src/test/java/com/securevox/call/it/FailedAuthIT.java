package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * An address that keeps failing authentication gets 429 for its further failures, while a correct key from it still
 * works; the address is the one a trusted proxy forwards, and never one a client claims.
 */
class FailedAuthIT {
    @Test
    void anAddressThatKeepsFailingAuthenticationGets429ButTheCorrectKeyStillWorks() {
        try (ServerProcess server = ServerProcess.start()) {
            String body =
                    new JSONObject().put("userId", "u").put("sessionId", "s").toString();
            for (int i = 0; i < 20; i++) {
                Http.Response wrong =
                        Http.post(server.url() + "/api/call/token", body, "Authorization", "Bearer guess-" + i);
                assertThat(wrong.status()).as("guess %d", i).isEqualTo(401);
            }

            Http.Response limited =
                    Http.post(server.url() + "/api/call/token", body, "Authorization", "Bearer guess-20");
            Http.Response correct = Http.post(
                    server.url() + "/api/call/token", body, "Authorization", "Bearer " + ServerProcess.API_KEY);

            assertThat(correct.status()).as(correct.toString()).isEqualTo(200);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().getJSONObject("error").getString("code")).isEqualTo("RATE_LIMITED");
            assertThat(limited.json().getJSONObject("error").getString("message"))
                    .startsWith("too many failed authentications from 127.0.0.1");
            assertThat(Http.get(server.url() + "/health").status())
                    .as("health is not guarded")
                    .isEqualTo(200);
        }
    }

    @Test
    void behindATrustedProxyTheForwardedClientIsLimited() {
        try (ServerProcess server = ServerProcess.start(Map.of("SECUREVOX_CALL_TRUSTED_PROXIES", "127.0.0.1/32"))) {
            failTwentyTimes(server, "6.6.6.6, 198.51.100.1");

            Http.Response limited = tokenRequest(server, "guess-20", "198.51.100.1");
            Http.Response otherClient = tokenRequest(server, "guess-20", "198.51.100.2");

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().getJSONObject("error").getString("message"))
                    .startsWith("too many failed authentications from 198.51.100.1");
            assertThat(otherClient.status())
                    .as("another client behind the same proxy")
                    .isEqualTo(401);
        }
    }

    @Test
    void aClaimedAddressFromAnUntrustedPeerIsIgnored() {
        try (ServerProcess server = ServerProcess.start(Map.of("SECUREVOX_CALL_TRUSTED_PROXIES", "10.0.0.0/8"))) {
            failTwentyTimes(server, "198.51.100.1");

            Http.Response spoofed = tokenRequest(server, "guess-20", "198.51.100.2");

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

    private static Http.Response tokenRequest(ServerProcess server, String key, String forwardedFor) {
        String body = new JSONObject().put("userId", "u").put("sessionId", "s").toString();
        return Http.post(
                server.url() + "/api/call/token",
                body,
                "Authorization",
                "Bearer " + key,
                "X-Forwarded-For",
                forwardedFor);
    }
}
