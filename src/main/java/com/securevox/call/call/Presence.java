package com.securevox.call.call;

/** Whether a participant's socket is there. Internal to the registry; guarded by the call's lock. */
sealed interface Presence {

    /** Connected: events go straight to {@code connection}. */
    record Live(ConnectionId connection) implements Presence {}

    /**
     * In reconnect grace: the socket dropped and {@code timer} will remove the participant unless the same user joins
     * again. {@code pending} holds the signals relayed to it meanwhile, in the order to replay them; it is mutable and, like the rest
     * of the call's state, only touched under the call's lock. {@code generation} identifies this grace period: a
     * timer that fires for an older one (because it lost the race with a reconnect) must do nothing.
     */
    record Away(long generation, Scheduler.Cancellable timer, HeldSignals pending) implements Presence {}
}
