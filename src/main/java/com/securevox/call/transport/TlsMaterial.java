package com.securevox.call.transport;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;

/**
 * Reads a certificate chain and its private key (PEM, or a PKCS#12 keystore), checks that they belong together and
 * are valid now, and builds the server's TLS context: TLS 1.2 and 1.3 only, forward-secret AEAD suites only.
 */
final class TlsMaterial {
    /** Mozilla's "intermediate" server profile: TLS 1.3 suites, then ECDHE with AES-GCM or ChaCha20 for TLS 1.2. */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A context ready to serve, and the files' digest it was built from. */
    record Loaded(SslContext context, X509Certificate leaf, byte[] digest) {}

    private TlsMaterial() {}

    static Loaded load(TlsSource source) {
        byte[] certificate = read(source.certificate());
        byte[] key = source.privateKey().map(TlsMaterial::read).orElse(new byte[0]);
        Entry entry = source.privateKey().isPresent()
                ? new Entry(pemKey(source.privateKey().get(), key), pemChain(source.certificate(), certificate))
                : keystore(source, certificate);
        X509Certificate leaf = entry.chain().getFirst();
        checkValidity(source.certificate(), leaf);
        checkMatch(source, entry.key(), leaf);
        return new Loaded(context(entry), leaf, digest(certificate, key));
    }

    /** The digest of the files as they are now, to tell whether they changed since {@link Loaded#digest()}. */
    static byte[] digestOf(TlsSource source) {
        return digest(
                read(source.certificate()),
                source.privateKey().map(TlsMaterial::read).orElse(new byte[0]));
    }

    private record Entry(PrivateKey key, List<X509Certificate> chain) {}

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TlsException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static List<X509Certificate> pemChain(Path file, byte[] bytes) {
        try {
            List<X509Certificate> chain =
                    CertificateFactory.getInstance("X.509")
                            .generateCertificates(new ByteArrayInputStream(bytes))
                            .stream()
                            .map(X509Certificate.class::cast)
                            .toList();
            if (chain.isEmpty()) {
                throw new TlsException(
                        file + ": no certificate (expected: PEM 'BEGIN CERTIFICATE' blocks, leaf first)");
            }
            return chain;
        } catch (CertificateException e) {
            throw new TlsException(
                    file + ": not a PEM certificate chain (expected: 'BEGIN CERTIFICATE' blocks, leaf first)", e);
        }
    }

    private static PrivateKey pemKey(Path file, byte[] bytes) {
        Matcher block = PEM_BLOCK.matcher(new String(bytes, StandardCharsets.US_ASCII));
        while (block.find()) {
            String type = block.group(1);
            switch (type) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, Base64.getMimeDecoder().decode(block.group(2)));
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" ->
                    throw new TlsException(file + ": a '" + type + "' key (expected: PKCS#8 'BEGIN PRIVATE KEY';"
                            + " convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName()
                            + " -out key.pkcs8.pem)");
                case "ENCRYPTED PRIVATE KEY" ->
                    throw new TlsException(file + ": an encrypted key (expected: an unencrypted PKCS#8 key readable"
                            + " only by the server's user, or a PKCS#12 keystore with its password)");
                default -> {
                    // certificates or parameters next to the key: keep looking
                }
            }
        }
        throw new TlsException(file + ": no private key (expected: a PEM 'BEGIN PRIVATE KEY' block)");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next one
            }
        }
        throw new TlsException(file + ": an unreadable PKCS#8 key (expected: RSA, EC, Ed25519 or Ed448)");
    }

    private static Entry keystore(TlsSource source, byte[] bytes) {
        Path file = source.certificate();
        char[] password = source.password().orElse("").toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Certificate[] chain = store.getCertificateChain(alias);
                    if (store.getKey(alias, password) instanceof PrivateKey key && chain != null && chain.length > 0) {
                        return new Entry(
                                key,
                                Arrays.stream(chain)
                                        .map(X509Certificate.class::cast)
                                        .toList());
                    }
                }
            }
            throw new TlsException(file + ": no private key with a certificate chain in the keystore");
        } catch (IOException e) {
            throw new TlsException(
                    file + ": not a PKCS#12 keystore, or the password is wrong (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new TlsException(file + ": unreadable keystore entry (" + e.getMessage() + ")", e);
        }
    }

    private static void checkValidity(Path file, X509Certificate leaf) {
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new TlsException(
                    file + ": the certificate expired on " + leaf.getNotAfter().toInstant(), e);
        } catch (CertificateNotYetValidException e) {
            throw new TlsException(
                    file + ": the certificate is not valid before "
                            + leaf.getNotBefore().toInstant(),
                    e);
        }
    }

    /** Proves the key and the leaf certificate belong together by signing with one and verifying with the other. */
    private static void checkMatch(TlsSource source, PrivateKey key, X509Certificate leaf) {
        String algorithm =
                switch (key.getAlgorithm()) {
                    case "RSA" -> "SHA256withRSA";
                    case "EC" -> "SHA256withECDSA";
                    case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
                    default ->
                        throw new TlsException(source.privateKey().orElse(source.certificate()) + ": a "
                                + key.getAlgorithm() + " key (expected: RSA, EC, Ed25519 or Ed448)");
                };
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(challenge);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new TlsException(source.privateKey().orElse(source.certificate())
                    + ": the private key does not belong to the certificate in " + source.certificate()
                    + " (expected: the key the certificate was issued for)");
        }
    }

    private static SslContext context(Entry entry) {
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", entry.key(), password, entry.chain().toArray(new Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return SslContextBuilder.forServer(keys)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    private static byte[] digest(byte[] certificate, byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(certificate);
            sha.update(key);
            return sha.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
