package com.securevox.call.call;

/**
 * The wording of every {@link CallException} the registry throws, in one place so the messages stay uniform: each
 * names the offending value and what was expected. Clients may show them, so they carry no internal state.
 */
final class Refusals {
    private Refusals() {}

    static CallException notInCall(ConnectionId connection) {
        return new CallException(
                CallError.NOT_IN_CALL,
                "connection '" + connection.value() + "': in no call (expected: joined to a call first)");
    }

    static CallException inAnotherCall(String sessionId, String actualSessionId) {
        return new CallException(
                CallError.NOT_IN_CALL,
                "sessionId: '" + sessionId + "' (expected: '" + actualSessionId + "', the call this connection is in)");
    }

    static CallException alreadyInCall(ConnectionId connection, String sessionId) {
        return new CallException(
                CallError.ALREADY_IN_CALL,
                "connection '" + connection.value() + "': already in call '" + sessionId
                        + "' (expected: in no call; leave it first)");
    }

    static CallException callFull(String sessionId, int participants, int maxParticipants) {
        return new CallException(
                CallError.CALL_FULL,
                "call '" + sessionId + "' is full: " + participants + " participants (expected: at most "
                        + maxParticipants + " per call)");
    }

    static CallException e2eeRequired(String sessionId) {
        return new CallException(
                CallError.E2EE_REQUIRED,
                "call '" + sessionId + "' is end-to-end encrypted (expected: join with e2ee, the call's key)");
    }

    static CallException e2eeNotEnabled(String sessionId) {
        return new CallException(
                CallError.E2EE_NOT_ENABLED,
                "call '" + sessionId + "' is not end-to-end encrypted (expected: join without e2ee, or a new call;"
                        + " its first participant decides)");
    }

    static CallException toSelf(String toUserId, String sessionId) {
        return new CallException(
                CallError.PARTICIPANT_NOT_FOUND,
                "toUserId: '" + toUserId + "' is the sender (expected: another participant of call '" + sessionId
                        + "')");
    }

    static CallException notFound(String toUserId, String sessionId) {
        return new CallException(
                CallError.PARTICIPANT_NOT_FOUND,
                "toUserId: '" + toUserId + "' (expected: another participant of call '" + sessionId + "')");
    }

    static CallException reconnecting(String toUserId, int waiting, int maxWaiting) {
        return new CallException(
                CallError.RATE_LIMITED,
                "toUserId: '" + toUserId + "' is reconnecting and " + waiting
                        + " messages already wait for it (expected: at most " + maxWaiting + " waiting)");
    }

    static CallException removed(String userId, String sessionId) {
        return new CallException(
                CallError.REMOVED,
                "userId: '" + userId + "' was removed from call '" + sessionId
                        + "' by a host (expected: a token issued after the removal)");
    }

    static CallException noCall(String sessionId) {
        return new CallException(
                CallError.NOT_IN_CALL, "sessionId: '" + sessionId + "' (expected: a call in progress)");
    }

    static CallException notAParticipant(String userId, String sessionId) {
        return new CallException(
                CallError.PARTICIPANT_NOT_FOUND,
                "userId: '" + userId + "' (expected: a participant of call '" + sessionId + "')");
    }

    static CallException self(String userId, String sessionId) {
        return new CallException(
                CallError.PARTICIPANT_NOT_FOUND,
                "userId: '" + userId + "' is you (expected: another participant of call '" + sessionId
                        + "'; use mute_audio, mute_video or leave_call for yourself)");
    }
}
