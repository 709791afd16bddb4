package com.securevox.call.push;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long to wait before trying a push again: doubling from {@code first} up to {@code max}, or what the provider
 * asked for ({@code Retry-After}) when that is longer; and never a try that would start after the deadline.
 */
record Retries(Duration first, Duration max) {

    static final Retries DEFAULT = new Retries(Duration.ofMillis(250), Duration.ofSeconds(4));

    /**
     * The pause before the next try.
     *
     * @param attempt how many tries were made already (1 after the first)
     * @return the pause before the next try, or empty when it would not start before {@code deadline}
     */
    Optional<Duration> next(int attempt, Optional<Duration> asked, Instant now, Instant deadline) {
        Duration doubled = first.multipliedBy(1L << Math.min(attempt - 1, 20));
        Duration backoff = doubled.compareTo(max) > 0 ? max : doubled;
        Duration pause = asked.filter(a -> a.compareTo(Duration.ZERO) > 0 && a.compareTo(backoff) > 0)
                .orElse(backoff);
        return now.plus(pause).isBefore(deadline) ? Optional.of(pause) : Optional.empty();
    }
}
