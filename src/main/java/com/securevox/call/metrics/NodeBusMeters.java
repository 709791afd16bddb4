package com.securevox.call.metrics;

import com.securevox.call.call.NodeBusMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node bus meters: {@code securevox_node_bus_messages_total{outcome}} with {@code sent}, {@code received}, {@code
 * lost}, {@code duplicated}, {@code reordered} and {@code malformed}, all present from the start so that they show 0,
 * the gauge {@code securevox_node_bus_backlog_messages}, what waits to be written to other nodes, and {@code
 * securevox_node_bus_retries_total}, writes and reads Redis did not answer (it is away or slow).
 */
public final class NodeBusMeters implements NodeBusMetrics {
    private final Counter sent;
    private final Counter received;
    private final Counter lost;
    private final Counter duplicated;
    private final Counter reordered;
    private final Counter malformed;
    private final Counter retried;
    private final AtomicLong backlog = new AtomicLong();

    public NodeBusMeters(MeterRegistry registry) {
        this.sent = counter(registry, "sent");
        this.received = counter(registry, "received");
        this.lost = counter(registry, "lost");
        this.duplicated = counter(registry, "duplicated");
        this.reordered = counter(registry, "reordered");
        this.malformed = counter(registry, "malformed");
        this.retried = Counter.builder("securevox.node.bus.retries")
                .description(
                        "Writes to and reads of node inboxes that Redis did not answer, tried again after a back-off")
                .register(registry);
        Gauge.builder("securevox.node.bus.backlog", backlog, AtomicLong::get)
                .description("Messages waiting to be written to other nodes' inboxes")
                .baseUnit("messages")
                .register(registry);
    }

    @Override
    public void sent() {
        sent.increment();
    }

    @Override
    public void received() {
        received.increment();
    }

    @Override
    public void lost(long messages) {
        lost.increment((double) messages);
    }

    @Override
    public void duplicated() {
        duplicated.increment();
    }

    @Override
    public void reordered() {
        reordered.increment();
    }

    @Override
    public void malformed() {
        malformed.increment();
    }

    @Override
    public void retried() {
        retried.increment();
    }

    @Override
    public void backlog(long messages) {
        backlog.set(messages);
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("securevox.node.bus.messages")
                .description("Messages between nodes, by outcome: sent and received, or lost, duplicated, reordered"
                        + " or malformed on the way in")
                .tag("outcome", outcome)
                .register(registry);
    }
}
