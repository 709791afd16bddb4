package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorsPolicyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            https://app.example.com       | https://app.example.com
            HTTPS://App.Example.COM       | https://app.example.com
            https://app.example.com/      | https://app.example.com
            https://app.example.com:443   | https://app.example.com
            http://localhost:80           | http://localhost
            http://localhost:3000         | http://localhost:3000
            https://app.example.com:8443  | https://app.example.com:8443
            http://[::1]:3000             | http://[::1]:3000
            capacitor://localhost         | capacitor://localhost
            app.example.com               | -
            https://                      | -
            https://app.example.com/path  | -
            https://app.example.com//     | -
            https://user@app.example.com  | -
            https://app.example.com#x     | -
            null                          | -
            *                             | -
            """)
    void normalisesOrigins(String origin, String expected) {
        assertThat(CorsPolicy.normalise(origin)).isEqualTo(java.util.Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "{0} allowed: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://app.example.com      | true
            https://APP.example.com:443  | true
            http://localhost:3000        | true
            https://evil.example.com     | false
            http://app.example.com       | false
            https://app.example.com:8443 | false
            null                         | false
            garbage                      | false
            """)
    void listedOrigins(String origin, boolean allowed) {
        CorsPolicy policy = CorsPolicy.of(List.of("https://app.example.com", "http://localhost:3000"));

        assertThat(policy.allows(origin)).isEqualTo(allowed);
    }

    @Test
    void absentOriginIsNotACrossOriginRequest() {
        assertThat(CorsPolicy.none().allows(null)).isTrue();
        assertThat(CorsPolicy.none().allows("https://app.example.com")).isFalse();
    }

    @Test
    void anyAllowsEverything() {
        assertThat(CorsPolicy.any().allows("https://whatever.example")).isTrue();
        assertThat(CorsPolicy.any().allows("null")).isTrue();
    }

    @Test
    void validatesItself() {
        assertThatThrownBy(() -> new CorsPolicy(true, Set.of("https://a.example.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CORS origins: [https://a.example.com] (expected: none when any origin is allowed)");
        assertThatThrownBy(() -> new CorsPolicy(false, Set.of("https://A.example.com/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CORS origin: 'https://A.example.com/'"
                        + " (expected: a normalised origin such as https://app.example.com)");
        assertThatThrownBy(() -> CorsPolicy.of(List.of("nope")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CORS origin: 'nope' (expected: scheme://host[:port], such as https://app.example.com)");
    }
}
