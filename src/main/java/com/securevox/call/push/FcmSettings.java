package com.securevox.call.push;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * FCM HTTP v1.
 *
 * @param credentials the service-account key JSON file
 * @param base FCM's base URL: {@code https://fcm.googleapis.com}, or a local stand-in in tests
 * @param extraCertificates PEM CA certificates trusted for FCM and the OAuth token endpoint on top of the JDK's own
 *     (a stand-in's CA, in tests); never instead of them, so Google's endpoints stay trusted
 */
public record FcmSettings(Path credentials, URI base, Optional<Path> extraCertificates) {
    public FcmSettings {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(extraCertificates, "extraCertificates");
    }

    /** Google's endpoints, trusted as the JDK trusts them. */
    public FcmSettings(Path credentials, URI base) {
        this(credentials, base, Optional.empty());
    }
}
