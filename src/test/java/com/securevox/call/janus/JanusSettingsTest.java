package com.securevox.call.janus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JanusSettingsTest {

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "http://127.0.0.1:8088|s|PT10S|PT15S|url: http://127.0.0.1:8088 (expected: ws://host:port or wss://host:port)",
                "ws:relative|s|PT10S|PT15S|url: ws:relative (expected: ws://host:port or wss://host:port)",
                "ws://127.0.0.1:8188|' '|PT10S|PT15S|apiSecret: blank (expected: a secret, or none)",
                "ws://127.0.0.1:8188|s|PT0S|PT15S|requestTimeout: PT0S (expected: > 0)",
                "ws://127.0.0.1:8188|s|PT-1S|PT15S|requestTimeout: PT-1S (expected: > 0)",
                "ws://127.0.0.1:8188|s|PT10S|PT0S|keepalive: PT0S (expected: > 0)"
            })
    void refusesSettingsThatCannotWork(String url, String secret, String timeout, String keepalive, String message) {
        assertThatThrownBy(() -> new JanusSettings(
                        URI.create(url),
                        Optional.of(secret),
                        Optional.empty(),
                        Duration.parse(timeout),
                        Duration.parse(keepalive)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void defaultsAndNoSecretsInToString() {
        JanusSettings settings =
                JanusSettings.of(URI.create("ws://127.0.0.1:8188"), Optional.of("api-s3cret"), Optional.of("k3y"));

        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.keepalive()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.toString()).doesNotContain("api-s3cret", "k3y").contains("apiSecret=***");
    }
}
