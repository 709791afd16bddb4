package com.securevox.call.signaling;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.securevox.call.call.Ids;

/**
 * Any payload a device connection sends with a ringing event either decodes into a valid request (every id valid, 1
 * to {@value RingEventDecoder#MAX_INVITEES} invitees) or is refused with INVALID_PAYLOAD and a message; nothing else
 * may escape the decoder.
 */
class RingEventDecoderFuzzTest {
    private static final ClientEventType[] RINGING = {
        ClientEventType.CALL_INVITE,
        ClientEventType.CALL_ACCEPT,
        ClientEventType.CALL_DECLINE,
        ClientEventType.CALL_CANCEL,
        ClientEventType.REGISTER_DEVICE
    };

    @FuzzTest(maxDuration = "2m")
    void decodesOrRefuses(FuzzedDataProvider data) {
        ClientEventType type = data.pickValue(RINGING);
        ClientEvent event = ClientEventDecoderFuzzTest.decodeOrRefuse(type, data.consumeRemainingAsString());
        if (event == null) {
            return;
        }
        if (!(event instanceof ClientEvent.Ringing ringing)) {
            throw new AssertionError("not a ringing request for " + type + ": " + event);
        }
        check(ringing.request());
    }

    private static void check(RingRequest request) {
        String sessionId =
                switch (request) {
                    case RingRequest.Ring ring -> {
                        int count = ring.invite().to().size();
                        if (count < 1 || count > RingEventDecoder.MAX_INVITEES) {
                            throw new AssertionError(count + " invitees passed");
                        }
                        ring.invite().to().forEach(RingEventDecoderFuzzTest::requireId);
                        yield ring.invite().sessionId().orElse("absent");
                    }
                    case RingRequest.Accept accept -> accept.sessionId();
                    case RingRequest.Decline decline -> decline.sessionId();
                    case RingRequest.Cancel cancel -> cancel.sessionId();
                    case RingRequest.RegisterDevice device -> {
                        if (device.platform() == null || device.token() == null) {
                            throw new AssertionError("a device without platform or token passed: " + device);
                        }
                        yield "absent";
                    }
                };
        requireId(sessionId);
    }

    private static void requireId(String id) {
        if (!Ids.isValid(id)) {
            throw new AssertionError("invalid id passed: " + id);
        }
    }
}
