package com.securevox.call.cluster;

import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.NodeMessage;
import com.securevox.call.call.NodeMessage.Bounced;
import com.securevox.call.call.NodeMessage.Deliver;
import com.securevox.call.call.NodeMessage.Disconnected;
import com.securevox.call.call.NodeMessage.Forward;
import com.securevox.call.call.NodeMessage.Kick;
import com.securevox.call.call.NodeMessage.KickReason;
import com.securevox.call.call.NodeMessage.Open;
import com.securevox.call.call.NodeMessage.Payload;
import com.securevox.call.call.NodeMessage.Reply;
import com.securevox.call.call.NodeMessage.RingEvent;
import com.securevox.call.call.Role;
import java.time.Instant;
import java.util.List;

/** One message of every kind, with values that exercise the encoding (escapes, non-ASCII text, extremes). */
final class NodeMessages {
    static final ConnectionId CONNECTION = new ConnectionId("sock-1");

    private NodeMessages() {}

    static List<NodeMessage> everyKind() {
        return List.of(
                new Open(
                        "call-1",
                        3,
                        CONNECTION,
                        "alice",
                        Role.HOST,
                        Instant.parse("2026-12-06T10:00:00.123456789Z"),
                        Instant.parse("2026-12-06T11:00:00Z"),
                        "2001:db8::1",
                        new ClientInfo("websocket", "Mozilla/5.0 (X11; Linux) é")),
                new Open(
                        "call-1",
                        1,
                        CONNECTION,
                        "bob",
                        Role.PARTICIPANT,
                        Instant.EPOCH,
                        Instant.EPOCH,
                        "",
                        new ClientInfo("polling", "")),
                new Forward("call-1", 2, CONNECTION, new Payload("offer", "{\"sdp\":\"v=0\\r\\n\"}"), 7),
                new Forward("call-1", 2, CONNECTION, new Payload("ice_candidate", "null"), 0),
                new Disconnected("call-1", 2, CONNECTION),
                new Reply("call-1", 4, CONNECTION, Long.MAX_VALUE, "{\"ok\":true,\"name\":\"Zoë \\\"Z\\\"\"}"),
                new Deliver("call-1", 4, CONNECTION, new Payload("participant_left", "{\"userId\":\"bob\"}")),
                new Bounced(
                        "call-1",
                        4,
                        CONNECTION,
                        new Payload("ice_candidate", "{\"sessionId\":\"call-1\",\"from\":\"bob\",\"candidate\":null}")),
                new Kick("call-1", 4, CONNECTION, KickReason.MOVED),
                new Kick("call-1", Long.MAX_VALUE, CONNECTION, KickReason.DISCONNECT),
                new RingEvent(
                        "call-1", 3, CONNECTION, "bob", new Payload("call_accept", "{\"sessionId\":\"call-1\"}"), 9));
    }
}
