package com.securevox.call.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which calls to list, newest first: those {@code userId} took part in, started in [{@code from}, {@code to}), whose
 * media was {@code media}, after the {@code cursor} of a previous page.
 */
public record CallQuery(
        Optional<String> userId,
        Optional<Instant> from,
        Optional<Instant> to,
        Optional<String> media,
        int limit,
        Optional<Cursor> cursor) {
    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 50;

    public CallQuery {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(media, "media");
        media.ifPresent(m -> {
            if (!CallRecord.MEDIA.contains(m)) {
                throw new IllegalArgumentException("media: '" + m + "' (expected: mesh or sfu)");
            }
        });
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: 1 to " + MAX_LIMIT + ")");
        }
    }

    /** The first page of every call. */
    public static CallQuery all(int limit) {
        return new CallQuery(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit, Optional.empty());
    }
}
