package com.securevox.call.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginCheckTest {
    /** What the composition root configures: CORS origins and the server's public origins. */
    private final OriginCheck check =
            new OriginCheck(Set.of("https://app.example.com", "https://call.example.com")::contains);

    @ParameterizedTest(name = "Origin {0}, Host {1} → {2}")
    @CsvSource(
            nullValues = "-",
            value = {
                // No Origin: not a browser page, not judged here.
                "-,                          call.example.com,      true",
                // Configured origins, whatever the Host (a proxy may send its upstream's).
                "https://app.example.com,    call.example.com,      true",
                "https://call.example.com,   call.example.com,      true",
                "https://call.example.com,   127.0.0.1:8002,        true",
                "https://evil.example,       call.example.com,      false",
                // The own origin on loopback and IP addresses, judged by Host.
                "http://127.0.0.1:8002,      127.0.0.1:8002,        true",
                "http://127.0.0.1:8002,      127.0.0.1:8003,        false",
                "http://localhost:8002,      localhost:8002,        true",
                "http://LOCALHOST:8002,      localhost:8002,        true",
                "http://localhost:8002,      localhost:8003,        false",
                "http://[::1]:8002,          [::1]:8002,            true",
                "http://[::1]:8002,          [::1]:8003,            false",
                "http://192.168.1.20:8002,   192.168.1.20:8002,     true",
                "https://10.0.0.5,           10.0.0.5,              true",
                "https://10.0.0.5,           10.0.0.5:443,          true",
                "http://10.0.0.5,            10.0.0.5:80,           true",
                "https://10.0.0.5,           10.0.0.5:80,           false",
                // DNS rebinding: a name the page's author controls, resolved to this server. Origin equals Host.
                "http://evil.example:8002,   evil.example:8002,     false",
                "http://evil.example,        evil.example,          false",
                "http://evil.example,        evil.example:80,       false",
                "http://127.0.0.1.nip.io:8002, 127.0.0.1.nip.io:8002, false",
                "http://localhost.evil.example:8002, localhost.evil.example:8002, false",
                "http://call.example.com:8002, call.example.com:8002, false",
                "https://call.example.com.evil.example, call.example.com.evil.example, false",
                // Malformed.
                "null,                       call.example.com,      false",
                "http://127.0.0.1:8002,      -,                     false",
                "not a url,                  call.example.com,      false",
            })
    void allowsConfiguredOriginsAndTheServersOwnOnAddressesOnly(String origin, String host, boolean allowed) {
        assertThat(check.allows(origin, host)).isEqualTo(allowed);
    }
}
