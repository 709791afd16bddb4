package com.securevox.call.ring;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * What ringing needs from push notifications: waking the devices of an invitee that have no live device connection.
 * Owned by ringing; implemented by the push package (or {@link #NONE} when no provider is configured).
 */
public interface RingPush {

    /** No push provider: nobody is ever reached by push. */
    RingPush NONE = new RingPush() {
        @Override
        public CompletionStage<Integer> ring(PushRing ring, String userId, Set<String> liveDeviceIds) {
            return java.util.concurrent.CompletableFuture.completedFuture(0);
        }

        @Override
        public void stopped(PushRing ring, String userId, StopReason reason) {}
    };

    /**
     * Pushes the incoming call to every registered device of {@code userId} except those whose ids are in
     * {@code liveDeviceIds} (they have a live device connection and get {@code incoming_call} over it). Completes with
     * the number of devices whose provider accepted the push: 0 when none is registered or every provider refused.
     * Never blocks the caller and never completes exceptionally.
     */
    CompletionStage<Integer> ring(PushRing ring, String userId, Set<String> liveDeviceIds);

    /**
     * Tells the devices that were pushed for this ring that it stopped ringing, as an ordinary (never a VoIP) push.
     * Fire and forget.
     */
    void stopped(PushRing ring, String userId, StopReason reason);

    /** Why a ring stopped on a user's devices; the wire names are those of {@code incoming_call_ended}. */
    enum StopReason {
        ANSWERED_ELSEWHERE,
        DECLINED_ELSEWHERE,
        CANCELLED,
        MISSED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
