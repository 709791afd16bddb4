package com.securevox.call.testing;

import com.securevox.call.call.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A monotonic ticker the test moves by hand; it starts near the wrap point, so overflow-unsafe comparisons show. */
public final class ManualTicker implements Ticker {
    private final AtomicLong now =
            new AtomicLong(Long.MAX_VALUE - Duration.ofSeconds(5).toNanos());

    public void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Override
    public long nanos() {
        return now.get();
    }
}
