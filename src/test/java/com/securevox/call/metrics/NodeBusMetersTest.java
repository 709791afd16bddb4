package com.securevox.call.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class NodeBusMetersTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final NodeBusMeters meters = new NodeBusMeters(registry);

    private double count(String outcome) {
        return registry.get("securevox.node.bus.messages")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    @Test
    void everyOutcomeShowsZeroFromTheStart() {
        for (String outcome : new String[] {"sent", "received", "lost", "duplicated", "reordered", "malformed"}) {
            assertThat(count(outcome)).as(outcome).isZero();
        }
        assertThat(registry.get("securevox.node.bus.backlog").gauge().value()).isZero();
        assertThat(registry.get("securevox.node.bus.retries").counter().count()).isZero();
    }

    @Test
    void countsEachOutcomeOnItsOwn() {
        meters.sent();
        meters.sent();
        meters.received();
        meters.lost(5);
        meters.duplicated();
        meters.reordered();
        meters.malformed();
        meters.retried();

        assertThat(count("sent")).isEqualTo(2);
        assertThat(count("received")).isEqualTo(1);
        assertThat(count("lost")).isEqualTo(5);
        assertThat(count("duplicated")).isEqualTo(1);
        assertThat(count("reordered")).isEqualTo(1);
        assertThat(count("malformed")).isEqualTo(1);
        assertThat(registry.get("securevox.node.bus.retries").counter().count()).isEqualTo(1);
    }

    @Test
    void theBacklogIsTheLastReportedValue() {
        meters.backlog(7);
        meters.backlog(3);

        assertThat(registry.get("securevox.node.bus.backlog").gauge().value()).isEqualTo(3);
    }
}
