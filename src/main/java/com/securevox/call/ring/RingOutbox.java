package com.securevox.call.ring;

import com.securevox.call.call.ConnectionId;

/** What ringing needs to reach device connections. Called under a ring's lock, so it must only queue. */
@FunctionalInterface
public interface RingOutbox {
    void deliver(ConnectionId to, RingNotice notice);
}
