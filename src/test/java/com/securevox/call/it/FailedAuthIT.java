package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/** Guessing API keys from one address is slowed down to 429, valid key or not. */
class FailedAuthIT {
    @Test
    void anAddressThatKeepsFailingAuthenticationGets429() {
        try (ServerProcess server = ServerProcess.start()) {
            String body =
                    new JSONObject().put("userId", "u").put("sessionId", "s").toString();
            for (int i = 0; i < 20; i++) {
                Http.Response wrong =
                        Http.post(server.url() + "/api/call/token", body, "Authorization", "Bearer guess-" + i);
                assertThat(wrong.status()).as("guess %d", i).isEqualTo(401);
            }

            Http.Response limited = Http.post(
                    server.url() + "/api/call/token", body, "Authorization", "Bearer " + ServerProcess.API_KEY);

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().getJSONObject("error").getString("code")).isEqualTo("RATE_LIMITED");
            assertThat(limited.json().getJSONObject("error").getString("message"))
                    .startsWith("too many failed authentications from 127.0.0.1");
            assertThat(Http.get(server.url() + "/health").status())
                    .as("health is not guarded")
                    .isEqualTo(200);
        }
    }
}
