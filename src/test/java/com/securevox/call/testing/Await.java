package com.securevox.call.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for what another thread does: a condition polled until a deadline, never a sleep that hopes. */
public final class Await {
    private Await() {}

    /** Polls {@code condition} every 20 ms until it holds; fails after 10 s. */
    public static void until(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline)
                    .as("condition not met in 10 s")
                    .isNegative();
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
