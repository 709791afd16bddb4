package com.securevox.call.janus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A message of the Janus core API, as received on the WebSocket ({@code janus} field). Replies carry the {@code
 * transaction} of our request; events about a handle carry its {@code session_id} and {@code sender} (the handle id).
 * A closed set: a kind added here must break every exhaustive switch over it.
 */
public sealed interface JanusMessage {

    /** A request succeeded; {@code id} is the new session's or handle's id for {@code create} and {@code attach}. */
    record Success(String transaction, OptionalLong id) implements JanusMessage {
        public Success {
            Objects.requireNonNull(transaction, "transaction");
            Objects.requireNonNull(id, "id");
        }
    }

    /** A synchronous plugin request answered at once (for the VideoRoom: create, destroy, exists...). */
    record PluginSuccess(String transaction, long session, long sender, PluginData plugin) implements JanusMessage {
        public PluginSuccess {
            Objects.requireNonNull(transaction, "transaction");
            Objects.requireNonNull(plugin, "plugin");
        }
    }

    /** A request failed in the core ({@code code} from Janus's apierror.h, e.g. 403, 458) before any plugin saw it. */
    record ErrorReply(Optional<String> transaction, int code, String reason) implements JanusMessage {
        public ErrorReply {
            Objects.requireNonNull(transaction, "transaction");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Janus got the request: the whole answer to {@code keepalive} and {@code trickle}, only a receipt for an
     * asynchronous plugin message, whose answer is an {@link Event} with the same transaction.
     */
    record Ack(String transaction) implements JanusMessage {
        public Ack {
            Objects.requireNonNull(transaction, "transaction");
        }
    }

    /**
     * A plugin event on a handle: the answer to an asynchronous request (with its transaction) or unsolicited
     * (without), possibly with an SDP.
     */
    record Event(Optional<String> transaction, long session, long sender, PluginData plugin, Optional<Jsep> jsep)
            implements JanusMessage {
        public Event {
            Objects.requireNonNull(transaction, "transaction");
            Objects.requireNonNull(plugin, "plugin");
            Objects.requireNonNull(jsep, "jsep");
        }
    }

    /** The handle's PeerConnection is up (ICE and DTLS done). */
    record WebrtcUp(long session, long sender) implements JanusMessage {}

    /** Janus started or stopped receiving {@code type} media on m-line {@code mid}. */
    record Media(long session, long sender, String mid, String type, boolean receiving, OptionalInt substream)
            implements JanusMessage {
        public Media {
            Objects.requireNonNull(mid, "mid");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(substream, "substream");
        }
    }

    /** {@code lost} packets in the last second on {@code mid}: {@code uplink} for packets Janus receives. */
    record SlowLink(long session, long sender, String mid, String media, boolean uplink, long lost)
            implements JanusMessage {
        public SlowLink {
            Objects.requireNonNull(mid, "mid");
            Objects.requireNonNull(media, "media");
        }
    }

    /** The handle's PeerConnection is gone, for {@code reason} in Janus's words. */
    record Hangup(long session, long sender, String reason) implements JanusMessage {
        public Hangup {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The handle is gone (detached by us, or with its session). */
    record Detached(long session, long sender) implements JanusMessage {}

    /** Janus dropped the session: no request or keepalive for longer than its {@code session_timeout}. */
    record Timeout(long session) implements JanusMessage {}

    /** A candidate of Janus's own ({@code full_trickle} only); empty for the end of its candidates. */
    record Trickle(long session, long sender, Optional<String> candidate, Optional<String> sdpMid)
            implements JanusMessage {
        public Trickle {
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(sdpMid, "sdpMid");
        }
    }

    /** The answer to {@code info}: what this Janus is and has. */
    record ServerInfo(
            String transaction,
            String name,
            int version,
            String versionString,
            String serverName,
            boolean apiSecret,
            int sessionTimeout,
            List<String> plugins,
            List<String> transports)
            implements JanusMessage {
        public ServerInfo {
            Objects.requireNonNull(transaction, "transaction");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(versionString, "versionString");
            Objects.requireNonNull(serverName, "serverName");
            plugins = List.copyOf(plugins);
            transports = List.copyOf(transports);
        }
    }

    /** The answer to {@code ping}. */
    record Pong(String transaction) implements JanusMessage {}

    /** A plugin's payload: {@code plugin} is its package name, {@code data} its JSON object. */
    record PluginData(String plugin, JsonNode data) {
        public PluginData {
            Objects.requireNonNull(plugin, "plugin");
            Objects.requireNonNull(data, "data");
        }
    }
}
