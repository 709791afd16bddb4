package com.securevox.call.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether Redis answered this node's last command, and since when it has (or has not): fed by every periodic command
 * (lease renewals, the node heartbeat), read by {@code /health} and the metrics without any I/O of its own. The node
 * heartbeat runs every second or so, so the answer is never older than that.
 */
public final class RedisHealth {
    private final Clock clock;
    private final AtomicReference<Status> status;

    /** Starts reachable: the server does not start without Redis answering. */
    public RedisHealth(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.status = new AtomicReference<>(new Reachable(clock.instant()));
    }

    /** What {@link #status} answers. */
    public sealed interface Status permits Reachable, Unreachable {
        /** When Redis began to answer, or stopped. */
        Instant since();
    }

    /** Redis answered the last command. */
    public record Reachable(Instant since) implements Status {
        public Reachable {
            Objects.requireNonNull(since, "since");
        }
    }

    /** The last command failed; {@code reason} is the latest failure. */
    public record Unreachable(Instant since, String reason) implements Status {
        public Unreachable {
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A command got an answer. */
    public void answered() {
        status.updateAndGet(s -> s instanceof Reachable ? s : new Reachable(clock.instant()));
    }

    /** A command got no answer, or one that is not what we write. */
    public void failed(String reason) {
        Objects.requireNonNull(reason, "reason");
        status.updateAndGet(s -> switch (s) {
            case Reachable r -> new Unreachable(clock.instant(), reason);
            case Unreachable u -> new Unreachable(u.since(), reason);
        });
    }

    public Status status() {
        return status.get();
    }

    public boolean reachable() {
        return status.get() instanceof Reachable;
    }
}
