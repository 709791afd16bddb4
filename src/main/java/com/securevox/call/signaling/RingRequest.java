package com.securevox.call.signaling;

import com.securevox.call.ring.Invite;
import java.util.Optional;

/** The ringing events a device connection may send, decoded and validated by {@link RingEventDecoder}. */
public sealed interface RingRequest {
    /** {@code call_invite}. */
    record Ring(Invite invite) implements RingRequest {}

    /** {@code call_accept}. */
    record Accept(String sessionId) implements RingRequest {}

    /** {@code call_decline}; {@code busy}: the reason was {@code busy} rather than {@code declined}. */
    record Decline(String sessionId, boolean busy) implements RingRequest {}

    /** {@code call_cancel}. */
    record Cancel(String sessionId) implements RingRequest {}

    /**
     * {@code register_device}: the push token of the device this connection runs on. Only the fields' types are checked
     * here; what they must hold is the device registry's to say ({@link DeviceRegistrar}).
     */
    record RegisterDevice(String platform, String token, Optional<String> appId, Optional<String> environment)
            implements RingRequest {}
}
