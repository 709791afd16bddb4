package com.securevox.call.httpapi;

import com.securevox.call.store.HistoryStoreException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a database read for a route: a database failure is logged once here and answered 503. */
final class DatabaseReads {
    private static final Logger log = LoggerFactory.getLogger(DatabaseReads.class);

    private DatabaseReads() {}

    /** @param what what is read, for the log and the error, e.g. "the call history" */
    static <T> T read(String what, Supplier<T> query) {
        try {
            return query.get();
        } catch (HistoryStoreException e) {
            log.warn("{} read failed: {}", what, e.getMessage());
            throw new HttpApiException(HttpError.UNAVAILABLE, what + " database is unavailable; try again");
        }
    }
}
