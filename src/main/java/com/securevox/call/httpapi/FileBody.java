package com.securevox.call.httpapi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A response body that is part of a file on disk: the transport streams it, never reading it into memory.
 *
 * @param path a file the API has checked (listed, regular, inside its folder)
 * @param offset where the body starts in the file
 * @param length how many bytes it has
 */
public record FileBody(Path path, long offset, long length) {
    public FileBody {
        Objects.requireNonNull(path, "path: null (expected: the file to send)");
        if (offset < 0) {
            throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: >= 0)");
        }
    }
}
