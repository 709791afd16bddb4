package com.securevox.call.config;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Reads the {@code SECUREVOX_CALL_WEBHOOK_*} settings, recording problems like the loader; the secret never shown. */
final class WebhookSettingsReader {
    static final Duration DEFAULT_RETRY_WINDOW = Duration.ofHours(24);
    static final int MIN_SECRET_BYTES = 16;

    private WebhookSettingsReader() {}

    static Optional<WebhookConfig> read(Settings s) {
        Optional<String> rawUrl = s.text(ConfigKeys.WEBHOOK_URL);
        Optional<Secret> secret = s.exact(ConfigKeys.WEBHOOK_SECRET).map(Secret::new);
        Duration window = s.duration(ConfigKeys.WEBHOOK_RETRY_WINDOW, DEFAULT_RETRY_WINDOW, Duration.ofSeconds(1));
        if (rawUrl.isEmpty()) {
            if (secret.isPresent()) {
                s.problem(
                        ConfigKeys.WEBHOOK_URL + ": missing (required when " + ConfigKeys.WEBHOOK_SECRET + " is set)");
            }
            return Optional.empty();
        }
        Optional<URI> url =
                HttpUrls.read(s, ConfigKeys.WEBHOOK_URL, rawUrl.get(), "http://localhost:8001/api/call-events/", true);
        if (secret.isEmpty()) {
            s.problem(ConfigKeys.WEBHOOK_SECRET + ": missing (required when " + ConfigKeys.WEBHOOK_URL
                    + " is set: every delivery is signed)");
            return Optional.empty();
        }
        int bytes = secret.get().value().getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_SECRET_BYTES) {
            s.problem(ConfigKeys.WEBHOOK_SECRET + ": " + bytes + " bytes (expected: at least " + MIN_SECRET_BYTES
                    + " bytes of UTF-8)");
            return Optional.empty();
        }
        return url.map(u -> new WebhookConfig(u, secret.get(), window));
    }
}
