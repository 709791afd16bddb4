package com.securevox.call.signaling;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What a device connection's {@code register_device} needs: the push device registry. Owned by signaling; the
 * composition root adapts the push package's registry to it.
 */
public interface DeviceRegistrar {

    /**
     * Registers (or refreshes) a device of {@code userId} and completes with its id, the registry's. Never blocks the
     * caller: the stage completes on another thread, and fails when the registry cannot be reached.
     *
     * @throws InvalidDevice at once, when the registration is not one the registry takes (the message names the field,
     *     its value and what was expected)
     */
    CompletionStage<String> register(
            String userId, String platform, String token, Optional<String> appId, Optional<String> environment);

    /** A registration the registry refuses. */
    final class InvalidDevice extends RuntimeException {
        public InvalidDevice(String message) {
            super(message, null, false, false);
        }
    }
}
