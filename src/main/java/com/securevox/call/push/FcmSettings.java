package com.securevox.call.push;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * FCM HTTP v1.
 *
 * @param credentials the service-account key JSON file
 * @param base FCM's base URL: {@code https://fcm.googleapis.com}, or a local stand-in in tests
 */
public record FcmSettings(Path credentials, URI base) {
    public FcmSettings {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(base, "base");
    }
}
