package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server's own origin (production, no CORS list): a page it serves works on 127.0.0.1, localhost and its public
 * origin, while a DNS-rebinding page, whose Origin and Host both name the attacker's host, is refused.
 */
class OriginIT {
    static final String PUBLIC_ORIGIN = "https://call.example.com";

    static ServerProcess server;

    @BeforeAll
    static void start() {
        server = ServerProcess.start(Map.of("SECUREVOX_CALL_PUBLIC_ORIGIN", PUBLIC_ORIGIN));
    }

    @AfterAll
    static void stop() {
        ServerProcess.close(server);
    }

    @ParameterizedTest(name = "Origin {0}, Host {1}, {2} → {3}")
    @CsvSource(delimiter = '|', textBlock = """
            http://evil.example:PORT   | evil.example:PORT | /health                              | 403
            http://evil.example:PORT   | evil.example:PORT | /api/call/stats                      | 403
            http://evil.example:PORT   | evil.example:PORT | /socket.io/?EIO=4&transport=polling  | 403
            http://127.0.0.1:PORT      | 127.0.0.1:PORT    | /health                              | 200
            http://127.0.0.1:PORT      | 127.0.0.1:PORT    | /socket.io/?EIO=4&transport=polling  | 200
            http://localhost:PORT      | localhost:PORT    | /health                              | 200
            https://call.example.com   | call.example.com  | /health                              | 200
            https://call.example.com   | call.example.com  | /socket.io/?EIO=4&transport=polling  | 200
            https://call.example.com   | 127.0.0.1:PORT    | /health                              | 200
            """)
    void rebindingPagesAreRefusedAndTheServersOwnPagesWork(String origin, String host, String path, int status) {
        String port = Integer.toString(server.port());
        try (Http.Connection connection = new Http.Connection(server)) {
            Http.Response response = connection.send(
                    "GET",
                    path,
                    null,
                    "Host",
                    host.replace("PORT", port),
                    "Origin",
                    origin.replace("PORT", port),
                    "Authorization",
                    "Bearer " + ServerProcess.API_KEY);

            assertThat(response.status()).as(response.toString()).isEqualTo(status);
            if (status == 403) {
                assertThat(response.json().getJSONObject("error").getString("code"))
                        .isEqualTo("FORBIDDEN");
            }
        }
    }
}
