package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CSRF rule for state-changing admin requests: only the server's own origin, as browsers state it. */
class SameOriginTest {
    @ParameterizedTest(name = "Host {0}, Origin {1}, Sec-Fetch-Site {2} -> allowed={3}")
    @CsvSource(
            nullValues = "NONE",
            value = {
                "calls.example.com, https://calls.example.com, NONE, true",
                "calls.example.com, http://calls.example.com, NONE, true",
                "calls.example.com:8443, https://calls.example.com:8443, NONE, true",
                "Calls.Example.com, https://calls.example.COM, NONE, true",
                "127.0.0.1:8080, http://127.0.0.1:8080, same-origin, true",
                "calls.example.com, https://evil.example, same-origin, false",
                "calls.example.com, https://calls.example.com.evil.example, NONE, false",
                "calls.example.com, https://evil.calls.example.com, NONE, false",
                "calls.example.com:8443, https://calls.example.com, NONE, false",
                "calls.example.com, null, NONE, false",
                "calls.example.com, file:///etc/passwd, NONE, false",
                "calls.example.com, not a url, NONE, false",
                "NONE, https://calls.example.com, NONE, false",
                "calls.example.com, NONE, same-origin, true",
                "calls.example.com, NONE, same-site, false",
                "calls.example.com, NONE, cross-site, false",
                "calls.example.com, NONE, none, false",
                "calls.example.com, NONE, NONE, false",
            })
    void onlyTheServersOwnOriginMayChangeState(String host, String origin, String fetchSite, boolean allowed) {
        Map<String, String> headers = new HashMap<>();
        if (host != null) {
            headers.put("host", host);
        }
        if (origin != null) {
            headers.put("origin", origin);
        }
        if (fetchSite != null) {
            headers.put("sec-fetch-site", fetchSite);
        }
        ApiRequest request = new ApiRequest("POST", "/admin/api/session", headers, new byte[0], "203.0.113.9");
        assertThat(SameOrigin.refusal(request).isEmpty()).isEqualTo(allowed);
    }
}
