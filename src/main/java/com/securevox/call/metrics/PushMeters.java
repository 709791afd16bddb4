package com.securevox.call.metrics;

import com.securevox.call.push.PushMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The push meters: {@code securevox_push_total{provider, result, reason}} and {@code
 * securevox_push_devices_removed_total{provider, reason}}. Reasons are the providers' documented codes (a closed set
 * in practice), so the series stay few; the accepted ones exist from the start so that they show 0.
 */
public final class PushMeters implements PushMetrics {
    private final MeterRegistry registry;
    private final Map<List<String>, Counter> pushes = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> removed = new ConcurrentHashMap<>();

    public PushMeters(MeterRegistry registry) {
        this.registry = registry;
        for (String provider : List.of("fcm", "apns")) {
            pushCounter(provider, "accepted", "ok");
        }
    }

    @Override
    public void push(String provider, String result, String reason) {
        pushCounter(provider, result, reason).increment();
    }

    @Override
    public void deviceRemoved(String provider, String reason) {
        removed.computeIfAbsent(List.of(provider, reason), k -> Counter.builder("securevox.push.devices.removed")
                        .description("Devices removed because their push provider called their token dead")
                        .tags("provider", provider, "reason", reason)
                        .register(registry))
                .increment();
    }

    private Counter pushCounter(String provider, String result, String reason) {
        return pushes.computeIfAbsent(List.of(provider, result, reason), k -> Counter.builder("securevox.push")
                .description("Pushes sent to FCM or APNs, by provider, result and the provider's reason")
                .tags("provider", provider, "result", result, "reason", reason)
                .register(registry));
    }
}
