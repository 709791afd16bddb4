package com.securevox.call.cluster;

import com.securevox.call.call.NodeBus.Envelope;
import com.securevox.call.call.NodeBus.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands a message to the inbox on a bus's own thread, which must outlive an inbox that throws. */
final class InboxCalls {
    private static final Logger log = LoggerFactory.getLogger(InboxCalls.class);

    private InboxCalls() {}

    static void deliver(Inbox inbox, Envelope envelope, long missedBefore) {
        try {
            inbox.receive(envelope, missedBefore);
        } catch (RuntimeException e) {
            log.error(
                    "node bus: the inbox failed on {} from {} seq {}",
                    envelope.message().getClass().getSimpleName(),
                    envelope.from().node(),
                    envelope.seq(),
                    e);
        }
    }
}
