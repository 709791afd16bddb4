package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * An address that keeps failing authentication gets 429 for its further failures, while a correct key from it still
 * works; the address is the one a trusted proxy forwards, and never one a client claims.
 */
class FailedAuthIT {
    /** The server's burst of failures per address ({@code HttpApi.FAILED_AUTH_BURST}). */
    private static final int BURST = 20;

    /** Seconds per refilled failure: {@code HttpApi.FAILED_AUTH_PER_MINUTE} is 20. */
    private static final long REFILL_SECONDS = 3;

    @Test
    void anAddressThatKeepsFailingAuthenticationGets429ButTheCorrectKeyStillWorks() {
        try (ServerProcess server = ServerProcess.start()) {
            Http.Response limited = failUntilLimited(server, null);
            String body =
                    new JSONObject().put("userId", "u").put("sessionId", "s").toString();
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
            Http.Response limited = failUntilLimited(server, "6.6.6.6, 198.51.100.1");
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
            failUntilLimited(server, "198.51.100.1");

            Http.Response spoofed = tokenRequest(server, "guess-20", "198.51.100.2");

            assertThat(spoofed.status())
                    .as("a new X-Forwarded-For does not escape the limit")
                    .isEqualTo(429);
            assertThat(spoofed.json().getJSONObject("error").getString("message"))
                    .startsWith("too many failed authentications from 127.0.0.1");
        }
    }

    /**
     * Fails until the server answers 429: the first {@value #BURST} failures are always 401, and the limiter refills one
     * failure every {@value #REFILL_SECONDS} s, so a slow (loaded) machine may see a few more 401s before the 429, but
     * never more than what refilled while the guesses ran.
     */
    private static Http.Response failUntilLimited(ServerProcess server, String forwardedFor) {
        long started = System.nanoTime();
        for (int i = 0; ; i++) {
            Http.Response response = tokenRequest(server, "guess-" + i, forwardedFor);
            if (i < BURST || response.status() != 429) {
                assertThat(response.status()).as("guess %d", i).isEqualTo(401);
            }
            long refilled = Duration.ofNanos(System.nanoTime() - started).toSeconds() / REFILL_SECONDS + 1;
            if (response.status() == 429) {
                return response;
            }
            assertThat((long) i)
                    .as("401s before a 429 (burst %d, %d refilled meanwhile)", BURST, refilled)
                    .isLessThan(BURST + refilled);
        }
    }

    private static Http.Response tokenRequest(ServerProcess server, String key, String forwardedFor) {
        String body = new JSONObject().put("userId", "u").put("sessionId", "s").toString();
        if (forwardedFor == null) {
            return Http.post(server.url() + "/api/call/token", body, "Authorization", "Bearer " + key);
        }
        return Http.post(
                server.url() + "/api/call/token",
                body,
                "Authorization",
                "Bearer " + key,
                "X-Forwarded-For",
                forwardedFor);
    }
}
