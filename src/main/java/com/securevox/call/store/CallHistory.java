package com.securevox.call.store;

import java.util.Optional;

/** The read side of the history, as the HTTP API uses it. Blocking: never call it on an I/O thread. */
public interface CallHistory {
    CallPage calls(CallQuery query);

    /** The most recent call with this session id, with its participants. */
    Optional<CallRecord> call(String sessionId);
}
