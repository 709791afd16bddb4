package com.securevox.call.janus;

import com.securevox.call.media.MediaError;
import com.securevox.call.media.MediaException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/** What a failed Janus request means in the media port's terms. */
final class JanusErrors {
    /** VideoRoom: no such room. */
    static final int NO_SUCH_ROOM = 426;
    /** VideoRoom: a room with this id exists already. */
    static final int ROOM_EXISTS = 427;
    /** VideoRoom: no such feed (publisher). */
    static final int NO_SUCH_FEED = 428;

    private JanusErrors() {}

    static MediaError of(int code) {
        return switch (code) {
            case NO_SUCH_ROOM, NO_SUCH_FEED -> MediaError.NOT_FOUND;
            // The session is gone with everything in it: Janus restarted or dropped it; the adapter reconnects.
            case JanusErrorException.SESSION_NOT_FOUND -> MediaError.UNAVAILABLE;
            default -> MediaError.REFUSED;
        };
    }

    /** {@code error} (unwrapped from the futures' wrappers) as a {@link MediaException}. */
    static MediaException toMedia(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof MediaException media) {
            return media;
        }
        if (cause instanceof JanusErrorException refused) {
            return new MediaException(of(refused.code()), refused.getMessage() + hint(refused), refused);
        }
        if (cause instanceof JanusProtocolException unreadable) {
            return new MediaException(MediaError.PROTOCOL, "Janus sent " + unreadable.getMessage(), unreadable);
        }
        return new MediaException(MediaError.PROTOCOL, "unexpected failure: " + cause, cause);
    }

    /** The refusal when {@code error} says Janus no longer knows the session: everything in it is gone. */
    static Optional<JanusErrorException> sessionGone(Throwable error) {
        return unwrap(error) instanceof JanusErrorException refused
                        && refused.code() == JanusErrorException.SESSION_NOT_FOUND
                ? Optional.of(refused)
                : Optional.empty();
    }

    /** A reply of a kind the request does not take (an ack where a result was due, say). */
    static MediaException unexpected(String what, JanusMessage reply) {
        return new MediaException(
                MediaError.PROTOCOL,
                what + ": Janus answered " + reply.getClass().getSimpleName() + " (expected: its result)");
    }

    /** The failure inside the futures' wrappers. */
    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The failure in a few words, for a log line. */
    static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        return Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName());
    }

    /** Without string_ids, the VideoRoom wants numbers where we send strings, and says so in these words. */
    private static String hint(JanusErrorException refused) {
        return refused.reason().contains("should be") && refused.reason().contains("integer")
                ? " (expected: string_ids = true in janus.plugin.videoroom.jcfg)"
                : "";
    }
}
