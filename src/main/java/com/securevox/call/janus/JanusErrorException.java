package com.securevox.call.janus;

/**
 * Janus answered a request with an error: a core {@code error} ({@code code} from apierror.h, e.g. 403, 458, 465) or a
 * plugin's {@code error_code} (426, 428...). {@link JanusErrors} turns it into the media port's terms.
 */
public final class JanusErrorException extends RuntimeException {
    /** Core: a request without the right {@code apisecret}. */
    public static final int UNAUTHORIZED = 403;
    /** Core: the session does not exist (Janus restarted, or dropped it after {@code session_timeout}). */
    public static final int SESSION_NOT_FOUND = 458;

    private final int code;
    private final String reason;

    JanusErrorException(String request, int code, String reason) {
        super("Janus refused " + request + ": " + code + (reason.isEmpty() ? "" : " " + StrictJson.quote(reason, 200)));
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
