package com.securevox.call.call;

/**
 * Port: told when this node loses a call's lease (see {@link LeaseLoss}). Called on the thread that renews leases,
 * never on an event loop or under a call's lock; it must return promptly (hand longer work off), because the other
 * leases wait for their renewal meanwhile.
 */
@FunctionalInterface
public interface LossListener {
    /** Ignores every loss: nothing acts on leases yet. */
    LossListener IGNORE = loss -> {};

    void lost(LeaseLoss loss);
}
