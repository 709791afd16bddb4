package com.securevox.call.store;

/**
 * Whether this node is the one that delivers the webhook outbox. Several nodes share one outbox; with more than one
 * dispatcher, an event could go twice and a call's events out of order.
 */
interface OutboxLead extends AutoCloseable {

    /** A single-node database (SQLite): this node always leads. */
    OutboxLead ALWAYS = new OutboxLead() {
        @Override
        public boolean leads() {
            return true;
        }

        @Override
        public void close() {}
    };

    /** May block on the database for a moment; never from a Netty thread. */
    boolean leads();

    /** Gives the lead up, so another node takes it at its next check. */
    @Override
    void close();
}
