package com.securevox.call.janus;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Janus sessions of one connection: who listens to each of their handles, who is told when a session is gone,
 * and when each was last used (for keepalives). Confined to the client's thread.
 */
final class Sessions {
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    private static final class Session {
        private final Consumer<String> gone;
        private final Map<Long, Consumer<JanusMessage>> handles = new HashMap<>();
        private Instant lastUsed;

        private Session(Consumer<String> gone, Instant now) {
            this.gone = gone;
            this.lastUsed = now;
        }
    }

    private final Map<Long, Session> sessions = new HashMap<>();

    void add(long session, Consumer<String> gone, Instant now) {
        sessions.put(session, new Session(gone, now));
    }

    void addHandle(long session, long handle, Consumer<JanusMessage> events) {
        Session owner = sessions.get(session);
        if (owner != null) {
            owner.handles.put(handle, events);
        }
    }

    void removeHandle(long session, long handle) {
        Session owner = sessions.get(session);
        if (owner != null) {
            owner.handles.remove(handle);
        }
    }

    /** Forgets a session we are ending: no more events or keepalives for it. */
    void remove(long session) {
        sessions.remove(session);
    }

    void clear() {
        sessions.clear();
    }

    /** A request for the session was sent. */
    void used(long session, Instant now) {
        Session used = sessions.get(session);
        if (used != null) {
            used.lastUsed = now;
        }
    }

    /** The sessions no request has used since {@code since}. */
    List<Long> idleSince(Instant since) {
        return sessions.entrySet().stream()
                .filter(entry -> entry.getValue().lastUsed.isBefore(since)
                        || entry.getValue().lastUsed.equals(since))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Hands what Janus said about a handle to its listener; a handle nobody listens to any more is ignored. */
    void route(long session, long handle, JanusMessage message) {
        Session owner = sessions.get(session);
        Consumer<JanusMessage> events = owner == null ? null : owner.handles.get(handle);
        if (events == null) {
            log.debug("Janus event for unknown handle {} of session {} dropped", handle, session);
            return;
        }
        try {
            events.accept(message);
        } catch (RuntimeException e) {
            log.error("listener of Janus handle {} failed", handle, e);
        }
    }

    /** Janus no longer has the session: forgets it and tells its owner why. */
    void gone(long session, String reason) {
        Session gone = sessions.remove(session);
        if (gone == null) {
            return;
        }
        try {
            gone.gone.accept(reason);
        } catch (RuntimeException e) {
            log.error("listener of Janus session {} failed", session, e);
        }
    }
}
