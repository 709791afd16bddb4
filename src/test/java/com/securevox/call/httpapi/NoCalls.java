package com.securevox.call.httpapi;

import com.securevox.call.call.CallPolicy;
import com.securevox.call.call.CallRegistry;
import com.securevox.call.call.Moderation;
import com.securevox.call.testing.ManualScheduler;
import java.time.Clock;
import java.time.Duration;

/** A real registry in which no call is in progress, for tests of the HTTP layer that are not about calls. */
public final class NoCalls {
    private NoCalls() {}

    public static Moderation moderation() {
        return new Moderation(new CallRegistry(
                Clock.systemUTC(),
                new CallPolicy(16, Duration.ZERO, 4),
                new ManualScheduler(),
                (to, event) -> {},
                fact -> {}));
    }
}
