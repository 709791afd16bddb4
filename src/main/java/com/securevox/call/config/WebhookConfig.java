package com.securevox.call.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where call events are posted and how they are signed.
 *
 * @param retryWindow how long an undelivered event is retried before it is dead-lettered
 */
public record WebhookConfig(URI url, Secret secret, Duration retryWindow) {
    public WebhookConfig {
        Objects.requireNonNull(url, "url: null (expected: an http or https URL)");
        Objects.requireNonNull(secret, "secret: null (expected: the signing secret)");
        Objects.requireNonNull(retryWindow, "retryWindow: null (expected: a duration)");
        if (retryWindow.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("retryWindow: " + retryWindow + " (expected: at least 1s)");
        }
    }

    /** For the start-up summary: the URL (credentials are refused by the loader), never the secret. */
    public String describe() {
        return url + " (secret ***, retry window " + Durations.format(retryWindow) + ")";
    }
}
