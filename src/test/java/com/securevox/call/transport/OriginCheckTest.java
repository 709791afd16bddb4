package com.securevox.call.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginCheckTest {
    private final OriginCheck check = new OriginCheck(Set.of("https://app.example.com")::contains);

    @ParameterizedTest(name = "Origin {0}, Host {1} → {2}")
    @CsvSource(
            nullValues = "-",
            value = {
                "-,                          call.example.com,      true",
                "https://app.example.com,    call.example.com,      true",
                "https://evil.example,       call.example.com,      false",
                "http://127.0.0.1:8002,      127.0.0.1:8002,        true",
                "http://127.0.0.1:8002,      127.0.0.1:8003,        false",
                "https://call.example.com,   call.example.com,      true",
                "https://call.example.com,   call.example.com:443,  true",
                "http://call.example.com,    call.example.com:80,   true",
                "https://CALL.example.com,   call.example.com,      true",
                "https://call.example.com.evil.example, call.example.com, false",
                "null,                       call.example.com,      false",
                "https://call.example.com,   -,                     false",
                "not a url,                  call.example.com,      false",
            })
    void allowsConfiguredOriginsAndTheServersOwn(String origin, String host, boolean allowed) {
        assertThat(check.allows(origin, host)).isEqualTo(allowed);
    }
}
