package com.securevox.call.webhook;

import java.util.Locale;

/** What the dispatcher tells of each delivery attempt; the composition root binds it to the server's metrics. */
@FunctionalInterface
public interface WebhookMetrics {
    /** How an attempt ended, once its outcome is recorded in the outbox. */
    enum Outcome {
        DELIVERED,
        /** Refused or unreachable, to be tried again after a back-off. */
        RETRIED,
        /** Still refused when its retry window ended. */
        DEAD_LETTERED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    void attempted(Outcome outcome);
}
