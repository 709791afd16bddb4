package com.securevox.call.push;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** Any error answer from FCM (status, body, Retry-After) is sorted into one outcome, never an exception. */
class FcmErrorsFuzzTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @FuzzTest(maxDuration = "2m")
    void classifies(FuzzedDataProvider data) {
        int status = data.consumeInt(100, 599);
        Optional<String> retryAfter = data.consumeBoolean() ? Optional.of(data.consumeString(40)) : Optional.empty();
        String body = data.consumeRemainingAsString();
        Delivery delivery = FcmErrors.classify(status, body, retryAfter, NOW, CLOCK);
        switch (delivery) {
            case Delivery.Accepted a -> throw new AssertionError("an error answer accepted: " + status + " " + body);
            case Delivery.Gone g -> {
                if (!g.registeredNoLaterThan().equals(NOW)) {
                    throw new AssertionError("a dead token judged by another time: " + g);
                }
            }
            case Delivery.Retry r -> {
                if (r.after().filter(a -> a.isNegative()).isPresent()) {
                    throw new AssertionError("a negative pause: " + r);
                }
            }
            case Delivery.Failed f -> {}
        }
        if (delivery.reason() == null
                || delivery.reason().isEmpty()
                || delivery.reason().length() > 40) {
            throw new AssertionError("a reason unfit for a metric label: " + delivery.reason());
        }
    }
}
