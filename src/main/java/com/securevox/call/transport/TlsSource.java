package com.securevox.call.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the server's certificate and key are, mapped from the config by the composition root.
 *
 * @param certificate a PEM chain, leaf first, or a PKCS#12 keystore ({@code .p12}, {@code .pfx})
 * @param privateKey the unencrypted PKCS#8 PEM key of a PEM chain; absent for a keystore
 * @param password the keystore's password
 * @param reloadInterval how often the files are read again for a renewed certificate
 */
public record TlsSource(
        Path certificate, Optional<Path> privateKey, Optional<String> password, Duration reloadInterval) {
    public TlsSource {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("reloadInterval: " + reloadInterval + " (expected: > 0)");
        }
    }
}
