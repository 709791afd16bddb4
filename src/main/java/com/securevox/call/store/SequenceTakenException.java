package com.securevox.call.store;

import java.util.Objects;

/**
 * Events put in the outbox would share numbers with events of the same call that another node wrote meanwhile: the
 * call moved between nodes (handed over, taken over, let go) while both numbered it, or a node announces a recording of
 * a call that goes on elsewhere. Nothing was written; the writer numbers its events of that call on after {@link
 * #taken}, so the call's numbering stays unique, gap-free, and in the order the events leave.
 */
public final class SequenceTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String sessionId;
    private final CallSequence taken;

    public SequenceTakenException(String sessionId, CallSequence taken, long first) {
        super("webhook events of call '" + sessionId + "' (started " + taken.callStartedAt() + ") from sequence "
                + first + ": taken up to " + taken.last() + " (expected: from " + (taken.last() + 1) + ")");
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.taken = taken;
    }

    /** The call's session id. */
    public String sessionId() {
        return sessionId;
    }

    /** The call (by when it started) and the highest number its events in the outbox took. */
    public CallSequence taken() {
        return taken;
    }
}
