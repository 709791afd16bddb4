package com.securevox.call.cluster;

/**
 * Redis, or every Sentinel, could not be reached; the message says why in one line, such as {@code sentinel
 * 127.0.0.1:26379: TLS handshake failed: untrusted certificate (…)}.
 */
public final class RedisUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RedisUnreachableException(String why, Throwable cause) {
        super(why, cause);
    }
}
