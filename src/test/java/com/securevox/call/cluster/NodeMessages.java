package com.securevox.call.cluster;

import com.securevox.call.call.CallError;
import com.securevox.call.call.ClientInfo;
import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.JoinKind;
import com.securevox.call.call.JoinRequest;
import com.securevox.call.call.MediaKind;
import com.securevox.call.call.Metadata;
import com.securevox.call.call.NodeMessage;
import com.securevox.call.call.NodeMessage.Attach;
import com.securevox.call.call.NodeMessage.Deliver;
import com.securevox.call.call.NodeMessage.Disconnected;
import com.securevox.call.call.NodeMessage.Epoch;
import com.securevox.call.call.NodeMessage.Join;
import com.securevox.call.call.NodeMessage.Kick;
import com.securevox.call.call.NodeMessage.KickReason;
import com.securevox.call.call.NodeMessage.Leave;
import com.securevox.call.call.NodeMessage.Mute;
import com.securevox.call.call.NodeMessage.Payload;
import com.securevox.call.call.NodeMessage.Refused;
import com.securevox.call.call.NodeMessage.Relay;
import com.securevox.call.call.NodeMessage.State;
import com.securevox.call.call.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One message of every kind, with values that exercise the encoding (nulls, escapes, non-ASCII text). */
final class NodeMessages {
    static final ConnectionId CONNECTION = new ConnectionId("sock-1");

    private NodeMessages() {}

    static List<NodeMessage> everyKind() {
        return List.of(
                new Join(
                        3,
                        new JoinRequest(
                                CONNECTION,
                                "alice",
                                Role.HOST,
                                "call-1",
                                Optional.of(new Metadata("{\"name\":\"Zoë \\\"Z\\\"\"}")),
                                true,
                                false,
                                true,
                                new ClientInfo("websocket", "Mozilla/5.0 (X11; Linux) é"),
                                Instant.parse("2026-12-06T10:00:00.123456789Z"))),
                new Join(
                        1,
                        new JoinRequest(
                                CONNECTION,
                                "bob",
                                Role.PARTICIPANT,
                                "call-1",
                                Optional.empty(),
                                false,
                                true,
                                new ClientInfo("polling", ""))),
                new Leave("call-1", 2, CONNECTION),
                new Relay("call-1", 2, CONNECTION, Optional.of("bob"), new Payload("offer", "{\"sdp\":\"v=0\\r\\n\"}")),
                new Relay("call-1", 2, CONNECTION, Optional.empty(), new Payload("ice_candidate", "null")),
                new Mute("call-1", 2, CONNECTION, MediaKind.VIDEO, true),
                new Disconnected("call-1", 2, CONNECTION),
                new Attach("call-1", 4, CONNECTION, "alice"),
                new State("call-1", 4, CONNECTION, JoinKind.RECONNECTED, new Payload("call_joined", "{}")),
                new Refused("call-1", 4, CONNECTION, CallError.E2EE_REQUIRED),
                new Deliver("call-1", 4, CONNECTION, new Payload("participant_left", "{\"userId\":\"bob\"}")),
                new Kick("call-1", 4, CONNECTION, KickReason.MOVED),
                new Epoch("call-1", Long.MAX_VALUE, "node-b"));
    }
}
