package com.securevox.call.trust;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Why a connection to a server failed, in words an operator acts on: which of the usual reasons it was, found in the
 * exception chain whatever client library wrapped it.
 *
 * @param reason the kind of failure
 * @param detail the innermost message that says more, or empty
 */
public record ConnectionFailure(Reason reason, String detail) {
    /** The usual reasons, the certificate ones first: they are configuration, which retrying does not mend. */
    public enum Reason {
        UNTRUSTED_CERTIFICATE("TLS handshake failed: untrusted certificate"),
        HOST_NAME_MISMATCH("TLS handshake failed: host name mismatch"),
        EXPIRED_CERTIFICATE("TLS handshake failed: expired certificate"),
        TLS("TLS handshake failed"),
        REFUSED("connection refused"),
        RESET("connection reset by the server"),
        TIMEOUT("timed out"),
        UNKNOWN_HOST("unknown host"),
        OTHER("failed");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** Whether the server's certificate was refused: the CA or the host name is wrong, not the network. */
        public boolean certificate() {
            return switch (this) {
                case UNTRUSTED_CERTIFICATE, HOST_NAME_MISMATCH, EXPIRED_CERTIFICATE -> true;
                case TLS, REFUSED, RESET, TIMEOUT, UNKNOWN_HOST, OTHER -> false;
            };
        }
    }

    public ConnectionFailure {
        if (reason == null || detail == null) {
            throw new IllegalArgumentException("reason, detail: null (expected: both set, detail may be empty)");
        }
    }

    /** The reason {@code failure} and its causes show; {@link Reason#OTHER} with the first message when none. */
    public static ConnectionFailure of(Throwable failure) {
        Set<Throwable> chain = new HashSet<>();
        ConnectionFailure found = null;
        for (Throwable t = failure; t != null && chain.add(t); t = t.getCause()) {
            ConnectionFailure here = classify(t);
            // The innermost recognised cause is the most precise: a handshake failure wraps the certificate's.
            if (here != null && (found == null || rank(here.reason) <= rank(found.reason))) {
                found = here;
            }
        }
        if (found != null) {
            return found;
        }
        return new ConnectionFailure(Reason.OTHER, firstMessage(failure));
    }

    private static ConnectionFailure classify(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage().strip();
        if (t instanceof CertificateExpiredException) {
            return new ConnectionFailure(Reason.EXPIRED_CERTIFICATE, message);
        }
        if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
            return new ConnectionFailure(Reason.UNTRUSTED_CERTIFICATE, message);
        }
        if (t instanceof CertificateException) {
            // The JDK's host name check throws a bare CertificateException: "No subject alternative DNS name
            // matching x found." or "No name matching x found".
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.startsWith("no subject alternative") || lower.startsWith("no name matching")) {
                return new ConnectionFailure(Reason.HOST_NAME_MISMATCH, message);
            }
            return new ConnectionFailure(Reason.UNTRUSTED_CERTIFICATE, message);
        }
        if (t instanceof SSLException) {
            return new ConnectionFailure(Reason.TLS, message);
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            return new ConnectionFailure(Reason.REFUSED, message);
        }
        if (t instanceof SocketException && message.toLowerCase(Locale.ROOT).contains("reset")) {
            // Such as a client without TLS on a TLS-only port: the server hangs up on what is not a TLS hello.
            return new ConnectionFailure(Reason.RESET, message);
        }
        if (t instanceof SocketTimeoutException) {
            return new ConnectionFailure(Reason.TIMEOUT, message);
        }
        if (t instanceof UnknownHostException) {
            return new ConnectionFailure(Reason.UNKNOWN_HOST, message);
        }
        return null;
    }

    /** Lower is more precise. */
    private static int rank(Reason reason) {
        return reason.certificate() ? 0 : 1;
    }

    private static String firstMessage(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().strip().lines().findFirst().orElse("");
            }
        }
        return failure.getClass().getSimpleName();
    }

    /** One line, such as {@code TLS handshake failed: host name mismatch (No subject alternative …)}. */
    public String describe() {
        if (reason == Reason.OTHER) {
            return detail.isEmpty() ? "failed" : detail;
        }
        String shown = detail.lines().findFirst().orElse("");
        return shown.isEmpty() ? reason.text : reason.text + " (" + shown + ")";
    }
}
