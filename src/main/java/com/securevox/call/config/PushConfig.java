package com.securevox.call.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The push providers, each present when configured; with neither, devices can still be registered but nobody is
 * pushed. The files are checked to exist here; whether they hold a usable key is the push package's to say at start.
 */
public record PushConfig(Optional<Fcm> fcm, Optional<Apns> apns) {
    public static final PushConfig OFF = new PushConfig(Optional.empty(), Optional.empty());

    public PushConfig {
        Objects.requireNonNull(fcm, "fcm");
        Objects.requireNonNull(apns, "apns");
    }

    /**
     * FCM HTTP v1.
     *
     * @param credentials the service-account key JSON
     * @param base FCM's base URL (https://fcm.googleapis.com unless a stand-in)
     */
    public record Fcm(Path credentials, URI base) {
        public Fcm {
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(base, "base");
        }
    }

    /**
     * APNs with token authentication.
     *
     * @param key the .p8 signing key
     * @param host where both environments are sent instead of Apple's hosts (a stand-in)
     * @param port its port
     * @param trustedCertificates the stand-in's certificates, trusted instead of the system's
     */
    public record Apns(
            Path key,
            String keyId,
            String teamId,
            String topic,
            Optional<String> host,
            int port,
            Optional<Path> trustedCertificates) {
        public Apns {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(teamId, "teamId");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(trustedCertificates, "trustedCertificates");
        }
    }

    /** For the start-up summary: which providers, never a key. */
    public String describe() {
        if (fcm.isEmpty() && apns.isEmpty()) {
            return "off (devices can register; nobody is pushed)";
        }
        StringBuilder out = new StringBuilder();
        fcm.ifPresent(f -> out.append("fcm (")
                .append(f.credentials())
                .append(", ")
                .append(f.base())
                .append(')'));
        apns.ifPresent(a -> {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append("apns (topic ").append(a.topic()).append(", key id ").append(a.keyId());
            a.host()
                    .ifPresent(
                            h -> out.append(", server ").append(h).append(':').append(a.port()));
            out.append(')');
        });
        return out.toString();
    }
}
