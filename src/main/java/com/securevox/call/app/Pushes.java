package com.securevox.call.app;

import com.securevox.call.config.ConfigException;
import com.securevox.call.config.PushConfig;
import com.securevox.call.push.DeviceRegistry;
import com.securevox.call.push.PushMetrics;
import com.securevox.call.push.PushRinger;
import com.securevox.call.push.PushSetupException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires push: the configured providers over the device registry. A key file that cannot be used is a configuration
 * error (exit 78, naming the setting), like a TLS key; no provider at all is a valid setup in which devices register
 * and nobody is pushed.
 */
final class Pushes {
    private static final Logger log = LoggerFactory.getLogger(Pushes.class);

    private Pushes() {}

    static PushRinger ringer(PushConfig config, DeviceRegistry devices, PushMetrics metrics, Clock clock)
            throws ConfigException {
        PushRinger ringer;
        try {
            ringer = PushRinger.create(devices, config.fcm(), config.apns(), metrics, clock);
        } catch (PushSetupException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
        log.info("push: {}", ringer.describe());
        return ringer;
    }
}
