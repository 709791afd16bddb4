package com.securevox.call.ring;

/** Whether a user is in a call now (a participant of any active call): ringing answers {@code busy} for them. */
@FunctionalInterface
public interface Busy {
    boolean inCall(String userId);
}
