package com.securevox.call.push;

/** What push tells the metrics. Labels are closed sets: providers, results and the providers' documented reasons. */
public interface PushMetrics {

    /**
     * One attempt's outcome.
     *
     * @param provider {@code fcm} or {@code apns}
     * @param result {@code accepted}, {@code gone} (the device is dead), {@code retry} or {@code failed}
     * @param reason the provider's reason ({@code UNREGISTERED}, {@code BadDeviceToken}, …), or {@code ok}
     */
    void push(String provider, String result, String reason);

    /** A device removed because its provider called its token dead. */
    void deviceRemoved(String provider, String reason);

    PushMetrics NONE = new PushMetrics() {
        @Override
        public void push(String provider, String result, String reason) {}

        @Override
        public void deviceRemoved(String provider, String reason) {}
    };
}
