package com.securevox.call.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Reads the TLS settings: which files, checked to exist here; whether they hold a usable key is the transport's to say. */
final class TlsSettings {
    static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(30);

    private TlsSettings() {}

    static Optional<TlsConfig> read(Settings s) {
        Optional<String> cert = s.text(ConfigKeys.TLS_CERT);
        Optional<String> key = s.text(ConfigKeys.TLS_KEY);
        Optional<Secret> password = s.exact(ConfigKeys.TLS_PASSWORD).map(Secret::new);
        Duration reload = s.duration(ConfigKeys.TLS_RELOAD_INTERVAL, DEFAULT_RELOAD_INTERVAL, Duration.ofSeconds(1));
        if (cert.isEmpty()) {
            key.ifPresent(k -> s.problem(ConfigKeys.TLS_KEY + ": set without " + ConfigKeys.TLS_CERT
                    + " (expected: both, or " + ConfigKeys.TLS_CERT + " naming a PKCS#12 keystore)"));
            return Optional.empty();
        }
        Optional<Path> certFile = readable(s, ConfigKeys.TLS_CERT, cert.get());
        Optional<Path> keyFile = key.flatMap(k -> readable(s, ConfigKeys.TLS_KEY, k));
        if (certFile.isEmpty() || (key.isPresent() && keyFile.isEmpty())) {
            return Optional.empty();
        }
        boolean pkcs12 = TlsConfig.pkcs12(certFile.get());
        if (pkcs12 && key.isPresent()) {
            s.problem(ConfigKeys.TLS_KEY + ": set with the PKCS#12 keystore " + Settings.shown(cert.get())
                    + " (expected: unset, the keystore holds the key)");
            return Optional.empty();
        }
        if (!pkcs12 && key.isEmpty()) {
            s.problem(ConfigKeys.TLS_KEY + ": missing (expected: the PEM private key of " + Settings.shown(cert.get())
                    + "; or name a .p12/.pfx keystore in " + ConfigKeys.TLS_CERT + ")");
            return Optional.empty();
        }
        return Optional.of(new TlsConfig(certFile.get(), keyFile, password, reload));
    }

    static Optional<Path> readable(Settings s, String key, String value) {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            s.problem(key + ": " + Settings.shown(value) + " (expected: a file path)");
            return Optional.empty();
        }
        if (!Files.isRegularFile(path)) {
            s.problem(key + ": " + Settings.shown(value) + " does not exist or is not a file");
            return Optional.empty();
        }
        if (!Files.isReadable(path)) {
            s.problem(key + ": " + Settings.shown(value) + " is not readable by this process");
            return Optional.empty();
        }
        return Optional.of(path);
    }
}
