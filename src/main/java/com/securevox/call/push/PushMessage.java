package com.securevox.call.push;

import com.securevox.call.ring.PushRing;
import com.securevox.call.ring.RingPush.StopReason;

/** What a push says: a call is ringing, or it stopped ringing. */
public sealed interface PushMessage {

    PushRing ring();

    /** An incoming call: a VoIP push on iOS, a high-priority data message on Android. */
    record Ring(PushRing ring) implements PushMessage {}

    /** The ring stopped: an ordinary push, never a VoIP one. */
    record Stop(PushRing ring, StopReason reason) implements PushMessage {}
}
