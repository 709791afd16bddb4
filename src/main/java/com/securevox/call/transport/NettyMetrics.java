package com.securevox.call.transport;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

/**
 * Netty's own numbers (event-loop pending tasks, allocator memory) in the server's registry, through Micrometer's
 * Netty binders.
 */
final class NettyMetrics {
    private final MeterRegistry registry;
    private final AtomicBoolean loopsBound = new AtomicBoolean();

    NettyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The allocator every channel uses unless told otherwise, which we do not. */
    void allocator() {
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            new NettyAllocatorMetrics(provider).bindTo(registry);
        }
    }

    /**
     * Engine.IO sessions held, closing ones included: the number that shows a leak (sockets counts only the connected
     * ones).
     */
    void sessions(ToDoubleFunction<EngineIoServer> count, EngineIoServer server) {
        Gauge.builder("securevox.transport.sessions", server, count)
                .description("Engine.IO sessions held by the server, closing ones included")
                .register(registry);
    }

    /** The worker event loops, the first time a channel shows them. */
    void eventLoops(EventExecutorGroup group) {
        if (group != null && loopsBound.compareAndSet(false, true)) {
            new NettyEventExecutorMetrics(group).bindTo(registry);
        }
    }
}
