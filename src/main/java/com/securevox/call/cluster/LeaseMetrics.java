package com.securevox.call.cluster;

import com.securevox.call.call.LeaseLoss;

/** Port: what {@link LeaseKeeper} counts. */
public interface LeaseMetrics {
    /** Counts nothing, for tests and tools. */
    LeaseMetrics NONE = new LeaseMetrics() {
        @Override
        public void renewalFailed() {}

        @Override
        public void lost(LeaseLoss loss) {}
    };

    /** A renewal found Redis unreachable (the lease may still be ours: its deadline decides). */
    void renewalFailed();

    void lost(LeaseLoss loss);
}
