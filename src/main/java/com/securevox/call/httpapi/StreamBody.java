package com.securevox.call.httpapi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A response body that arrives from elsewhere as it is sent (another node's answer, relayed): the transport copies
 * {@code length} bytes from {@code in} a chunk at a time, never holding the whole in memory, and closes it however
 * the response ends (also when nothing of it is sent, as for {@code HEAD}).
 *
 * @param in the body's bytes, read on the API's thread (a read blocks)
 * @param length how many bytes it has: announced as {@code Content-Length} before the first is read
 */
public record StreamBody(InputStream in, long length) implements AutoCloseable {
    public StreamBody {
        Objects.requireNonNull(in, "in: null (expected: the body's bytes)");
        if (length < 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: >= 0)");
        }
    }

    /** Lets go of the source: what is left of it is not read. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // Closing a relayed body only ends the exchange with its source: nothing is left to undo.
        }
    }
}
