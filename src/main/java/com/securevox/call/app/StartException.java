package com.securevox.call.app;

import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server could not start: the message is the one line an operator needs, naming what failed and why ({@code port
 * 8002 on 127.0.0.1: Address already in use}), with no stack trace to read through. The cause is kept for debugging.
 */
public final class StartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Netty's native transport puts the system call before the reason: {@code bind(..) failed with error(-98): }. */
    private static final Pattern SYSCALL_PREFIX =
            Pattern.compile("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ");

    private StartException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Listening on {@code host}:{@code port} failed: the port is taken, the host is unknown or not this machine's. */
    static StartException listening(String host, int port, Throwable failure) {
        if (hostUnknown(failure)) {
            return new StartException("host '" + host + "': not a known host name", failure);
        }
        return new StartException("port " + port + " on " + host + ": " + reason(failure), failure);
    }

    /** A service the server needs at start does not answer; {@code what} names it and where it was looked for. */
    static StartException unreachable(String what) {
        return new StartException(what + ": not reachable", null);
    }

    /**
     * As {@link #unreachable(String)}, saying why: {@code redis h:6380 (tls): not reachable: TLS handshake failed:
     * untrusted certificate (…)}.
     */
    static StartException unreachable(String what, String why, Throwable cause) {
        return new StartException(what + ": not reachable: " + why, cause);
    }

    /**
     * What failed and why, as one line: a StartException's message; else the first message in the chain (our own
     * exceptions name what they were doing and quote their cause); the exception's type when none has one, never
     * "null".
     */
    public static String describe(Throwable failure) {
        if (failure instanceof StartException) {
            return failure.getMessage();
        }
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().strip().lines().findFirst().orElse("");
            }
        }
        return failure.getClass().getSimpleName();
    }

    /**
     * Why a bind failed: the innermost message (the transport's wrappers repeat the address we name ourselves), without
     * a system-call prefix; the exception's type when nothing in the chain has a message, never "null".
     */
    private static String reason(Throwable failure) {
        String reason = null;
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage().strip();
            }
        }
        if (reason == null) {
            return failure.getClass().getSimpleName();
        }
        return SYSCALL_PREFIX.matcher(reason).replaceFirst("");
    }

    private static boolean hostUnknown(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
