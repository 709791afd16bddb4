package com.securevox.call.push;

import com.securevox.call.trust.ConnectionFailure;
import com.securevox.call.trust.TrustAnchors;
import com.securevox.call.trust.TrustException;
import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
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
            TrustAnchors anchors = TrustAnchors.read(pem);
            return anchors.context(anchors.withJdk());
        } catch (TrustException e) {
            throw new PushSetupException(SETTING + ": " + e.getMessage(), e);
        }
    }

    /** The JDK's anchors and the file's certificates, as one trust manager. */
    static X509TrustManager trust(Path pem) {
        try {
            return TrustAnchors.read(pem).withJdk();
        } catch (TrustException e) {
            throw new PushSetupException(SETTING + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a failed request failed because the endpoint's certificate is not trusted: a configuration problem
     * (the wrong URL, or {@value #SETTING} missing), which trying again does not mend.
     */
    static boolean untrusted(IOException e) {
        return e instanceof SSLHandshakeException
                && ConnectionFailure.of(e).reason().certificate();
    }
}
