package com.securevox.call.push;

import java.io.IOException;
import java.io.InputStream;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whom the FCM client trusts: the JDK's trust store, plus the CA certificates of {@code SECUREVOX_CALL_FCM_CA} when
 * set. Added, never replacing: a stand-in's CA must not make Google's own endpoints untrusted, and the file is read
 * once, at start, so a file that holds no certificate stops the start rather than every push.
 */
final class FcmTrust {
    static final String SETTING = "SECUREVOX_CALL_FCM_CA";

    private FcmTrust() {}

    /**
     * An SSL context trusting the JDK's anchors and the file's certificates.
     *
     * @throws PushSetupException naming the setting and the file when it cannot be read or holds no certificate
     */
    static SSLContext withExtra(Path pem) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust(pem)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new PushSetupException(SETTING + ": " + pem + ": cannot make a TLS context with it: " + e, e);
        }
    }

    /** The JDK's anchors and the file's certificates, as one trust manager. */
    static X509TrustManager trust(Path pem) {
        List<X509Certificate> extra = certificates(pem);
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (X509Certificate jdk : jdkTrust().getAcceptedIssuers()) {
                anchors.setCertificateEntry("jdk-" + n++, jdk);
            }
            for (X509Certificate ca : extra) {
                anchors.setCertificateEntry("extra-" + n++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            return x509(factory);
        } catch (GeneralSecurityException | IOException e) {
            throw new PushSetupException(SETTING + ": " + pem + ": cannot make a trust store of it: " + e, e);
        }
    }

    /** The trust manager the JDK uses when told nothing: its {@code cacerts}, or {@code javax.net.ssl.trustStore}. */
    static X509TrustManager jdkTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return x509(factory);
    }

    private static X509TrustManager x509(TrustManagerFactory factory) throws GeneralSecurityException {
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }

    private static List<X509Certificate> certificates(Path pem) {
        Collection<? extends Certificate> read;
        try (InputStream in = Files.newInputStream(pem)) {
            read = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new PushSetupException(
                    SETTING + ": " + pem + " cannot be read (expected: a PEM file of CA certificates): " + e, e);
        } catch (CertificateException | RuntimeException e) {
            throw new PushSetupException(
                    SETTING + ": " + pem + ": not PEM certificates (expected: -----BEGIN CERTIFICATE----- blocks of"
                            + " the CA certificates to trust)",
                    e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : read) {
            if (certificate instanceof X509Certificate x509) {
                certificates.add(x509);
            }
        }
        if (certificates.isEmpty()) {
            throw new PushSetupException(SETTING + ": " + pem + ": no certificate in it (expected: -----BEGIN"
                    + " CERTIFICATE----- blocks of the CA certificates to trust)");
        }
        return certificates;
    }

    /**
     * Whether a failed request failed because the endpoint's certificate is not trusted: a configuration problem
     * (the wrong URL, or {@value #SETTING} missing), which trying again does not mend.
     */
    static boolean untrusted(IOException e) {
        if (!(e instanceof SSLHandshakeException)) {
            return false;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }
}
