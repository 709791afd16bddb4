package com.securevox.call.push;

import java.util.concurrent.CompletionStage;

/** One push service (FCM or APNs): sends one push to one device, once, without retrying. */
interface PushProvider extends AutoCloseable {

    /** {@code fcm} or {@code apns}: the metric label. */
    String name();

    /** Whether this provider can send this message to this kind of device. */
    boolean serves(Platform platform);

    /**
     * Sends one push. Never blocks the caller and never completes exceptionally: an I/O failure is a {@link
     * Delivery.Retry}. The stage may complete on a thread of the provider's own; its user hops off it.
     */
    CompletionStage<Delivery> send(Device device, PushMessage message);

    @Override
    void close();
}
