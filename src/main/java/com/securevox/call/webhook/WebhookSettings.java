package com.securevox.call.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How webhooks are delivered.
 *
 * @param retryWindow how long an event is retried before it is dead-lettered (24 h in production)
 * @param firstRetry the pause after the first failure; each further one doubles it, up to {@code maxRetry}
 * @param idlePoll how often the dispatcher looks for due retries when nothing new was queued
 */
public record WebhookSettings(
        URI url,
        byte[] secret,
        Duration retryWindow,
        Duration firstRetry,
        Duration maxRetry,
        Duration requestTimeout,
        Duration idlePoll) {
    public static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    public static final Duration MAX_RETRY = Duration.ofMinutes(10);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration IDLE_POLL = Duration.ofMillis(500);

    public WebhookSettings {
        Objects.requireNonNull(url, "url: null (expected: the receiver's http or https URL)");
        Objects.requireNonNull(secret, "secret: null (expected: the signing secret)");
        Objects.requireNonNull(retryWindow, "retryWindow: null (expected: a duration)");
        secret = secret.clone();
    }

    /** The production pacing for this receiver and window. */
    public static WebhookSettings of(URI url, byte[] secret, Duration retryWindow) {
        return new WebhookSettings(url, secret, retryWindow, FIRST_RETRY, MAX_RETRY, REQUEST_TIMEOUT, IDLE_POLL);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public String toString() {
        // Never the secret.
        return "WebhookSettings[url=" + url + ", retryWindow=" + retryWindow + "]";
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
