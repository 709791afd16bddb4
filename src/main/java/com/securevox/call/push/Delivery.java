package com.securevox.call.push;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What a provider answered one push, sorted by what the server does next. */
public sealed interface Delivery {

    /** The provider's reason, as a metric label and in logs. */
    String reason();

    /** The provider took it. */
    record Accepted() implements Delivery {
        @Override
        public String reason() {
            return "ok";
        }
    }

    /**
     * The token is dead: the device is removed unless it was registered after {@code registeredNoLaterThan}.
     */
    record Gone(String reason, Instant registeredNoLaterThan) implements Delivery {}

    /** Worth another try while the ring lives, no sooner than {@code after} when the provider said so. */
    record Retry(String reason, Optional<Duration> after) implements Delivery {}

    /** Neither the device's fault nor passing: a configuration problem or a bug, logged and counted. */
    record Failed(String reason) implements Delivery {}

    static String result(Delivery delivery) {
        return switch (delivery) {
            case Accepted a -> "accepted";
            case Gone g -> "gone";
            case Retry r -> "retry";
            case Failed f -> "failed";
        };
    }
}
