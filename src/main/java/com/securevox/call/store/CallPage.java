package com.securevox.call.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of calls, newest first; {@code next} is there when more follow. */
public record CallPage(List<CallRecord> calls, Optional<Cursor> next) {
    public CallPage {
        calls = List.copyOf(calls);
        Objects.requireNonNull(next, "next");
    }
}
