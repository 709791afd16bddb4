package com.securevox.call.call;

import com.securevox.call.call.CallOwnership.Lease;
import com.securevox.call.call.CallOwnership.Owner;
import java.util.Objects;

/**
 * Why this node stopped owning a call it held a lease on, as found while renewing it. From the moment a loss is known
 * {@link CallOwnership#mayActAsOwner} already answers false for the lease; the loss says what to do next: another
 * node has the call ({@link Taken}: hand over to it), nobody has it ({@link Freed}: acquire again, with a new epoch),
 * or the store could not be reached before the local deadline ({@link Lapsed}: unknown; acquire again once it answers).
 */
public sealed interface LeaseLoss permits LeaseLoss.Taken, LeaseLoss.Freed, LeaseLoss.Lapsed {

    /** The lease that is lost. */
    Lease lease();

    /** Another node holds the call now, or this node with another epoch. */
    record Taken(Lease lease, Owner by) implements LeaseLoss {
        public Taken {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(by, "by");
        }
    }

    /** The store had no owner for the call: the lease expired there, or was deleted. */
    record Freed(Lease lease) implements LeaseLoss {
        public Freed {
            Objects.requireNonNull(lease, "lease");
        }
    }

    /** The local deadline passed before the store confirmed a renewal; {@code reason} is the last failure. */
    record Lapsed(Lease lease, String reason) implements LeaseLoss {
        public Lapsed {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
