package com.securevox.call.call;

/**
 * What a {@link NodeBus} counts, for the metrics adapter. Called from the bus's threads; implementations only count.
 */
public interface NodeBusMetrics {
    /** Counts nothing. */
    NodeBusMetrics NONE = new NodeBusMetrics() {
        @Override
        public void sent() {}

        @Override
        public void received() {}

        @Override
        public void lost(long messages) {}

        @Override
        public void duplicated() {}

        @Override
        public void reordered() {}

        @Override
        public void malformed() {}

        @Override
        public void retried() {}

        @Override
        public void backlog(long messages) {}
    };

    /** A message written to another node's inbox. */
    void sent();

    /** A message handed to this node's inbox. */
    void received();

    /** Messages a sender sent to this node that never arrived. */
    void lost(long messages);

    /** A message that arrived again, and was dropped. */
    void duplicated();

    /** A message that arrived after a later one of the same sender, and was dropped. */
    void reordered();

    /** An entry in this node's inbox that is not a message, skipped. */
    void malformed();

    /** A write or read that Redis did not answer (or refused), to be tried again after a back-off. */
    void retried();

    /** How many messages wait to be written to other nodes' inboxes now. */
    void backlog(long messages);
}
