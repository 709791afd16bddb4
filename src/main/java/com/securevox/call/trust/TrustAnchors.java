package com.securevox.call.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * CA certificates read from a PEM file: the anchors a TLS client trusts. Read once, at start, so a file that cannot
 * be used stops the start instead of failing every connection later.
 */
public final class TrustAnchors {
    static final String EXPECTED = "(expected: -----BEGIN CERTIFICATE----- blocks of the CA certificates to trust)";
    private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

    private final Path source;
    private final List<X509Certificate> certificates;

    private TrustAnchors(Path source, List<X509Certificate> certificates) {
        this.source = source;
        this.certificates = List.copyOf(certificates);
    }

    /**
     * The certificates of a PEM file.
     *
     * @throws TrustException naming the file when it cannot be read, is not PEM certificates, or holds none
     */
    public static TrustAnchors read(Path pem) throws TrustException {
        Objects.requireNonNull(pem, "pem");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pem);
        } catch (IOException e) {
            throw new TrustException(pem + " cannot be read (expected: a PEM file of CA certificates): " + e, e);
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.isBlank()) {
            throw new TrustException(pem + ": no certificate in it " + EXPECTED);
        }
        // The JDK also takes one DER certificate; the setting promises PEM, and a DER file is more often a mistake.
        if (!text.contains(PEM_CERTIFICATE)) {
            throw new TrustException(pem + ": not PEM certificates " + EXPECTED);
        }
        Collection<? extends Certificate> read;
        try {
            read = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        } catch (CertificateException | RuntimeException e) {
            throw new TrustException(pem + ": not PEM certificates " + EXPECTED, e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : read) {
            if (certificate instanceof X509Certificate x509) {
                certificates.add(x509);
            }
        }
        if (certificates.isEmpty()) {
            throw new TrustException(pem + ": no certificate in it " + EXPECTED);
        }
        return new TrustAnchors(pem, certificates);
    }

    public Path source() {
        return source;
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** Trusts these anchors and nothing else: for a service behind a private CA. */
    public X509TrustManager only() throws TrustException {
        return manager(List.of());
    }

    /** Trusts the JDK's anchors and these: added, never replacing, for a public service or a stand-in for it. */
    public X509TrustManager withJdk() throws TrustException {
        try {
            return manager(List.of(jdk().getAcceptedIssuers()));
        } catch (GeneralSecurityException e) {
            throw new TrustException(source + ": cannot read the JDK's trust store to add to it: " + e, e);
        }
    }

    /** Sockets that trust only these anchors and verify the server's host name. */
    public SSLSocketFactory socketFactory() throws TrustException {
        return new HostVerifyingSocketFactory(context(only()).getSocketFactory());
    }

    /** An SSL context for {@code trust}. */
    public SSLContext context(X509TrustManager trust) throws TrustException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new TrustException(source + ": cannot make a TLS context with it: " + e, e);
        }
    }

    /** The trust manager the JDK uses when told nothing: its {@code cacerts}, or {@code javax.net.ssl.trustStore}. */
    public static X509TrustManager jdk() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return x509(factory);
    }

    private X509TrustManager manager(List<X509Certificate> before) throws TrustException {
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (X509Certificate certificate : before) {
                anchors.setCertificateEntry("jdk-" + n++, certificate);
            }
            for (X509Certificate certificate : certificates) {
                anchors.setCertificateEntry("anchor-" + n++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            return x509(factory);
        } catch (GeneralSecurityException | IOException e) {
            throw new TrustException(source + ": cannot make a trust store of it: " + e, e);
        }
    }

    private static X509TrustManager x509(TrustManagerFactory factory) throws GeneralSecurityException {
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }

    @Override
    public String toString() {
        return "TrustAnchors[" + source + ", " + certificates.size() + " certificates]";
    }
}
