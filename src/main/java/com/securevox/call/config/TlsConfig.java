package com.securevox.call.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTPS and WSS on the server's own port.
 *
 * @param certificate a PEM certificate chain (leaf first), or a PKCS#12 keystore ({@code .p12}, {@code .pfx})
 * @param privateKey the PEM private key (PKCS#8) of a PEM chain; absent for PKCS#12, which holds its key
 * @param password of the PKCS#12 keystore (PEM keys are read unencrypted, like nginx and coturn read them)
 * @param reloadInterval how often the files are checked for a renewed certificate
 */
public record TlsConfig(
        Path certificate, Optional<Path> privateKey, Optional<Secret> password, Duration reloadInterval) {
    public TlsConfig {
        // Null checks and the interval's bounds are TlsSettings' and the transport's; this is the one rule of our own.
        if (pkcs12(certificate) == privateKey.isPresent()) {
            throw new IllegalArgumentException(
                    "privateKey: " + privateKey.map(Path::toString).orElse("absent")
                            + " (expected: a key file with a PEM certificate, none with a PKCS#12 keystore)");
        }
    }

    /** A keystore rather than a PEM chain, told by its file name as operators name them. */
    public static boolean pkcs12(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }
}
