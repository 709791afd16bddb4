package com.securevox.call.signaling;

/**
 * What signaling counts, for whoever exports it. Called on the I/O threads, outside any call lock: an implementation
 * must only count (no I/O, no waiting).
 */
public interface SignalingMetrics {
    /** A join_call succeeded (a new participant, a reconnect or a replace). */
    void joined();

    /** A signal was relayed; {@code type} is its event name ({@code offer}, {@code answer}, {@code ice_candidate}). */
    void relayed(String type);

    /** A socket failed to authenticate (bad or expired token, or none in time). */
    void authFailed(ErrorCode code);

    /** An event was refused with {@link ErrorCode#RATE_LIMITED}. */
    void rateLimited();

    /** One client event was handled, successfully or not, in {@code nanos}. */
    void handled(long nanos);
}
