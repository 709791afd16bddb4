package com.securevox.call.httpapi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A response body of Server-Sent Events ({@code text/event-stream}) that lasts as long as the client listens. The
 * transport asks {@code next} every {@code interval} (on a thread of its own, never an event loop) and writes what it
 * gets as one event; an empty answer writes nothing, except a comment now and then so that proxies and idle timeouts
 * see traffic. It ends when the client goes away or {@code open} turns false (the session behind it ended).
 *
 * @param next the data of the next event (one line of JSON), or empty when nothing changed
 */
public record EventStream(Duration interval, Supplier<Optional<String>> next, BooleanSupplier open) {
    public EventStream {
        Objects.requireNonNull(interval, "interval: null (expected: how often to look for news)");
        Objects.requireNonNull(next, "next: null (expected: what produces the events)");
        Objects.requireNonNull(open, "open: null (expected: whether the stream may go on)");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
        }
    }
}
