package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SECUREVOX_CALL_WEBHOOK_URL, _SECRET and _RETRY_WINDOW. */
class WebhookConfigTest {
    static final String SECRET = "0123456789abcdef-webhook";
    private final ConfigLoader loader = new ConfigLoader(() -> "generated-secret");

    private ServerConfig load(String... keysAndValues) throws ConfigException {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return loader.load(env);
    }

    @Test
    void offByDefault() throws ConfigException {
        assertThat(load().webhook()).isEmpty();
        assertThat(load().describe()).contains("webhooks: off");
    }

    @Test
    void aUrlAndASecretTurnThemOnWithADayOfRetriesAndTheSecretNeverShown() throws ConfigException {
        ServerConfig config =
                load(ConfigKeys.WEBHOOK_URL, "http://127.0.0.1:8001/hooks/", ConfigKeys.WEBHOOK_SECRET, SECRET);

        WebhookConfig webhook = config.webhook().orElseThrow();
        assertThat(webhook.url()).isEqualTo(URI.create("http://127.0.0.1:8001/hooks/"));
        assertThat(webhook.secret().value()).isEqualTo(SECRET);
        assertThat(webhook.retryWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(config.describe())
                .contains("webhooks: http://127.0.0.1:8001/hooks/")
                .doesNotContain(SECRET);
        assertThat(webhook.toString()).doesNotContain(SECRET);
    }

    @Test
    void theRetryWindowCanBeShortened() throws ConfigException {
        assertThat(load(
                                ConfigKeys.WEBHOOK_URL,
                                "https://example.org/h",
                                ConfigKeys.WEBHOOK_SECRET,
                                SECRET,
                                ConfigKeys.WEBHOOK_RETRY_WINDOW,
                                "3s")
                        .webhook()
                        .orElseThrow()
                        .retryWindow())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            ftp://example.org/h              | 0123456789abcdef-webhook | SECUREVOX_CALL_WEBHOOK_URL: 'ftp://example.org/h' (expected: an http or https URL such as http://localhost:8001/api/call-events/)
            http://u:pw@example.org/h        | 0123456789abcdef-webhook | SECUREVOX_CALL_WEBHOOK_URL: contains user:password@ (expected: an http or https URL without credentials)
            http://example.org/h             | -                        | SECUREVOX_CALL_WEBHOOK_SECRET: missing (required when SECUREVOX_CALL_WEBHOOK_URL is set: every delivery is signed)
            http://example.org/h             | short                    | SECUREVOX_CALL_WEBHOOK_SECRET: 5 bytes (expected: at least 16 bytes of UTF-8)
            -                                | 0123456789abcdef-webhook | SECUREVOX_CALL_WEBHOOK_URL: missing (required when SECUREVOX_CALL_WEBHOOK_SECRET is set)
            """)
    void refused(String url, String secret, String problem) {
        Map<String, String> env = new HashMap<>();
        if (url != null) {
            env.put(ConfigKeys.WEBHOOK_URL, url);
        }
        if (secret != null) {
            env.put(ConfigKeys.WEBHOOK_SECRET, secret);
        }
        assertThatThrownBy(() -> loader.load(env))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.problems()).containsExactly(problem));
    }
}
