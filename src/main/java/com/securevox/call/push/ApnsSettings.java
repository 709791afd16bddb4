package com.securevox.call.push;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * APNs token authentication and where to send.
 *
 * @param key the {@code .p8} signing key (PKCS#8, EC P-256) from Apple's developer account
 * @param keyId its 10-character key id
 * @param teamId the 10-character team id
 * @param topic the app's bundle id, for devices registered without an appId; VoIP pushes go to {@code <topic>.voip}
 * @param server a host and port both environments are sent to instead of Apple's (a local stand-in, in tests)
 * @param trustedCertificates PEM certificates to trust instead of the system's (the stand-in's, in tests)
 */
public record ApnsSettings(
        Path key,
        String keyId,
        String teamId,
        String topic,
        Optional<Server> server,
        Optional<Path> trustedCertificates) {

    public ApnsSettings {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(trustedCertificates, "trustedCertificates");
    }

    /** A host and port. */
    public record Server(String host, int port) {}
}
