package com.securevox.call.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.config.ConfigException;
import com.securevox.call.config.ConfigKeys;
import com.securevox.call.config.ConfigLoader;
import com.securevox.call.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BannerTest {
    private static final String HINT = "To let other machines in: SECUREVOX_CALL_HOST=0.0.0.0";

    private static String banner(String mode, String host) throws ConfigException {
        Map<String, String> env = new HashMap<>();
        env.put(ConfigKeys.ENV, mode);
        env.put(ConfigKeys.JWT_SECRET, "banner-test-jwt-secret-0123456789abcdef");
        env.put(ConfigKeys.API_KEY, "banner-test-api-key-0123");
        env.put(ConfigKeys.BEHIND_PROXY, "true");
        if (!host.equals("-")) {
            env.put(ConfigKeys.HOST, host);
        }
        ServerConfig config = new ConfigLoader(() -> "unused", name -> true).load(env);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Banner.print(config, 8002, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} on {1}: hint {2}")
    @CsvSource(delimiter = '|', textBlock = """
            development | -                | true
            development | 127.0.0.1        | true
            development | 127.0.1.1        | true
            development | localhost        | true
            development | ::1              | true
            development | [::1]            | true
            development | 0.0.0.0          | false
            development | 192.168.1.20     | false
            development | call.example.com | false
            production  | -                | false
            production  | 127.0.0.1        | false
            """)
    void developmentOnLoopbackSaysHowToOpenItUp(String mode, String host, boolean hint) throws ConfigException {
        String banner = banner(mode, host);

        assertThat(banner.contains(HINT)).as(banner).isEqualTo(hint);
        if (hint) {
            assertThat(banner).contains("SECUREVOX_CALL_TLS_CERT");
        }
    }

    @ParameterizedTest(name = "{0} on {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            development | -         | listening on http://127.0.0.1:8002
            development | 0.0.0.0   | listening on http://localhost:8002
            production  | -         | listening on http://localhost:8002
            """)
    void namesTheUrlToOpen(String mode, String host, String line) throws ConfigException {
        assertThat(banner(mode, host)).contains(line);
    }
}
