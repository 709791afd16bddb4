package com.securevox.call.cluster;

/** Redis answered something we never write: a broken value, another program's key, or a reply of the wrong shape. */
public final class RedisValueException extends Exception {
    private static final long serialVersionUID = 1L;

    RedisValueException(String message) {
        super(message);
    }
}
