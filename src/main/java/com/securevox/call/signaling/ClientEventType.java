package com.securevox.call.signaling;

import java.util.Optional;

/** The names of the events a client may send, as they appear on the wire. */
public enum ClientEventType {
    AUTHENTICATE("authenticate"),
    JOIN_CALL("join_call"),
    LEAVE_CALL("leave_call"),
    OFFER("offer"),
    ANSWER("answer"),
    ICE_CANDIDATE("ice_candidate"),
    MUTE_AUDIO("mute_audio"),
    MUTE_VIDEO("mute_video"),
    SFU_PUBLISH("sfu_publish"),
    SFU_ANSWER("sfu_answer"),
    SFU_CANDIDATE("sfu_candidate"),
    SFU_VIEW("sfu_view"),
    START_RECORDING("start_recording"),
    STOP_RECORDING("stop_recording"),
    MUTE_PARTICIPANT("mute_participant"),
    REMOVE_PARTICIPANT("remove_participant"),
    END_CALL("end_call"),
    DATA("data"),
    CALL_INVITE("call_invite"),
    CALL_ACCEPT("call_accept"),
    CALL_DECLINE("call_decline"),
    CALL_CANCEL("call_cancel"),
    REGISTER_DEVICE("register_device"),
    QUALITY_REPORT("quality_report");

    private final String wireName;

    ClientEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ClientEventType> fromWire(String name) {
        for (ClientEventType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
